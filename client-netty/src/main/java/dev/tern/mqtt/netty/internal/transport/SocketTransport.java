package dev.tern.mqtt.netty.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.nio.NioIoHandler;

/**
 * Which of Netty's socket transports the client uses: Linux's native epoll when {@code netty-transport-native-epoll}
 * (its {@code linux-x86_64} or {@code linux-aarch_64} jar) is on the class path and its library loads, Java NIO
 * otherwise. Epoll does the same work with fewer system calls and copies and no selector locks. Netty's own switch
 * {@code -Dio.netty.transport.noNative=true} turns it off.
 *
 * <p>The epoll classes are touched only from {@link Epoll}, which the JVM loads only once epoll was found, so that
 * without the jar nothing fails to link.
 */
public final class SocketTransport {

    private static final boolean EPOLL = epollAvailable();

    private SocketTransport() {
    }

    /** Whether new event loop groups use epoll. */
    public static boolean isEpoll() {
        return EPOLL;
    }

    /** The I/O handler of a new event loop group: epoll when available, else NIO. */
    public static IoHandlerFactory ioHandlerFactory() {
        return EPOLL ? Epoll.ioHandlerFactory() : NioIoHandler.newFactory();
    }

    /**
     * Whether the client can make its sockets on {@code loop}: an NIO loop, or an epoll loop (when epoll is
     * available). A loop that is not an {@link IoEventLoop} (Netty's older, deprecated groups) is taken to be NIO.
     */
    public static boolean supports(EventLoop loop) {
        return !(loop instanceof IoEventLoop io) || io.isIoType(NioIoHandler.class) || isEpoll(loop);
    }

    /** Whether {@code loop} runs epoll: its sockets must be {@link #newEpollChannel epoll channels}. */
    public static boolean isEpoll(EventLoop loop) {
        return EPOLL && loop instanceof IoEventLoop io && Epoll.handles(io);
    }

    /** A new, unregistered epoll TCP socket channel; only when {@link #isEpoll(EventLoop)} said so. */
    public static Channel newEpollChannel() {
        return Epoll.newSocketChannel();
    }

    private static boolean epollAvailable() {
        try {
            Class.forName("io.netty.channel.epoll.Epoll", false, SocketTransport.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false; // the jar is not there: NIO
        }
        try {
            return Epoll.isAvailable();
        } catch (LinkageError e) {
            return false; // classes without their native part, or for another platform
        }
    }

    /** Everything that names an epoll class: loaded only when the epoll classes are on the class path. */
    private static final class Epoll {

        static boolean isAvailable() {
            return io.netty.channel.epoll.Epoll.isAvailable();
        }

        static IoHandlerFactory ioHandlerFactory() {
            return io.netty.channel.epoll.EpollIoHandler.newFactory();
        }

        static boolean handles(IoEventLoop loop) {
            return loop.isIoType(io.netty.channel.epoll.EpollIoHandler.class);
        }

        static Channel newSocketChannel() {
            return new io.netty.channel.epoll.EpollSocketChannel();
        }
    }
}

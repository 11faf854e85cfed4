package dev.tern.mqtt.netty;

import dev.tern.mqtt.AsyncMqttClient;
import dev.tern.mqtt.MqttVersion;
import dev.tern.mqtt.TlsOptions;
import dev.tern.mqtt.exceptions.MqttTlsException;
import dev.tern.mqtt.netty.internal.codec.MqttDecoderHandler;
import dev.tern.mqtt.netty.internal.codec.MqttEncoderHandler;
import dev.tern.mqtt.netty.internal.packet.ConnAckPacket;
import dev.tern.mqtt.netty.internal.packet.ConnectPacket;
import dev.tern.mqtt.reason.ConnAckReasonCode;
import dev.tern.mqtt.testing.TestPki;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

import static dev.tern.mqtt.netty.Clients.await;
import static dev.tern.mqtt.netty.Clients.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the client puts into the TLS handshake, seen from a small TLS server in the test (Netty with Tern's codec,
 * answering CONNECT with CONNACK): SNI, ALPN, protocol versions, and a caller-supplied SSLContext.
 */
class TlsHandshakeIT {

    private static Path folder;
    private static TestPki pki;

    private final Clients clients = new Clients();
    private EventLoopGroup group;

    /** What the server saw in one handshake. */
    private record Handshake(List<SNIServerName> serverNames, String alpn, String protocol,
            boolean clientCertificate) {
    }

    private final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();

    @BeforeAll
    static void certificates() throws Exception {
        folder = Files.createTempDirectory("tern-tls-handshake-");
        pki = TestPki.create(folder.resolve("pki"));
    }

    @AfterAll
    static void deleteCertificates() throws Exception {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @AfterEach
    void close() {
        clients.close();
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Starts the server; returns its port. {@code alpn} null for a server without ALPN. */
    private int server(String alpn, String... protocols) throws Exception {
        return serverAsking(ClientAuth.NONE, alpn, protocols);
    }

    /** Starts a server that asks for client certificates from the test CA as {@code clientAuth} says. */
    private int serverAsking(ClientAuth clientAuth, String alpn, String... protocols) throws Exception {
        SslContextBuilder b = SslContextBuilder.forServer(pki.certificate("server").toFile(),
                pki.privateKey("server").toFile()).sslProvider(SslProvider.JDK).protocols(protocols)
                .trustManager(pki.caCertificate().toFile()).clientAuth(clientAuth);
        if (alpn != null) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        SslContext ssl = b.build();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SslHandler tls = ssl.newHandler(ch.alloc());
                        tls.handshakeFuture().addListener(f -> {
                            if (f.isSuccess()) {
                                SSLSession session = tls.engine().getSession();
                                handshakes.add(new Handshake(((ExtendedSSLSession) session)
                                        .getRequestedServerNames(), tls.applicationProtocol(), session.getProtocol(),
                                        hasPeerCertificate(session)));
                            }
                        });
                        ch.pipeline().addLast(tls, new MqttDecoderHandler(MqttVersion.MQTT_5_0, 1 << 20),
                                new MqttEncoderHandler(MqttVersion.MQTT_5_0),
                                new SimpleChannelInboundHandler<ConnectPacket>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ConnectPacket p) {
                                        ctx.writeAndFlush(ConnAckPacket.of(false, ConnAckReasonCode.SUCCESS));
                                    }
                                });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static boolean hasPeerCertificate(SSLSession session) {
        try {
            return session.getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }

    private Handshake handshake() throws InterruptedException {
        Handshake h = handshakes.poll(10, TimeUnit.SECONDS);
        assertNotNull(h, "the server saw no completed handshake");
        return h;
    }

    private static TlsOptions.Builder trusting() {
        return TlsOptions.builder().trustedCertificates(pki.caCertificate());
    }

    @Test
    void sendsTheHostNameAsSniAndOffersAlpn() throws Exception {
        int port = server("x-amzn-mqtt-ca", "TLSv1.3", "TLSv1.2");
        AsyncMqttClient client = clients.async(TlsIT.options("mqtts://localhost:" + port,
                trusting().alpnProtocols(List.of("x-amzn-mqtt-ca")).build()).build());
        await(client.connect());
        Handshake h = handshake();
        assertEquals(List.of(new SNIHostName("localhost")), h.serverNames());
        assertEquals("x-amzn-mqtt-ca", h.alpn());
        assertEquals("TLSv1.3", h.protocol());
    }

    @Test
    void anIpAddressIsVerifiedAgainstTheCertificateButSentWithoutSni() throws Exception {
        int port = server(null, "TLSv1.3", "TLSv1.2");
        await(clients.async(TlsIT.options("mqtts://127.0.0.1:" + port, trusting().build()).build()).connect());
        assertTrue(handshake().serverNames().isEmpty(), "SNI carries host names only (RFC 6066)");
    }

    @Test
    void tls12WorksAndAServerWithoutACommonVersionFails() throws Exception {
        int port = server(null, "TLSv1.2");
        await(clients.async(TlsIT.options("mqtts://localhost:" + port, trusting().build()).build()).connect());
        assertEquals("TLSv1.2", handshake().protocol());
        Throwable e = failure(clients.async(TlsIT.options("mqtts://localhost:" + port,
                trusting().protocols(List.of("TLSv1.3")).build()).build()).connect());
        assertInstanceOf(MqttTlsException.class, e);
    }

    /**
     * Resuming a TLS session skips client authentication: the resumed session keeps the peer certificate of the
     * handshake that made it. A session cache or key material shared between clients would let a client without a
     * certificate in as one with a certificate, so each attempt has its own SSL context.
     */
    @Test
    void aClientWithoutACertificateNeverTakesOverTheSessionOfOneWithACertificate() throws Exception {
        int port = serverAsking(ClientAuth.OPTIONAL, null, "TLSv1.3", "TLSv1.2");
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            TlsOptions.Builder tls = trusting().protocols(List.of(protocol));
            AsyncMqttClient withCertificate = clients.async(TlsIT.options("mqtts://localhost:" + port,
                    tls.clientCertificate(pki.clientCertificate(), pki.clientKey()).build()).build());
            await(withCertificate.connect());
            assertTrue(handshake().clientCertificate(), protocol + ": the server saw the client certificate");
            await(withCertificate.disconnect());

            AsyncMqttClient without = clients.async(TlsIT.options("mqtts://localhost:" + port,
                    trusting().protocols(List.of(protocol)).build()).build());
            await(without.connect());
            Handshake h = handshake();
            assertEquals(protocol, h.protocol());
            assertFalse(h.clientCertificate(), protocol + ": a client without a certificate came in with one");
        }
    }

    @Test
    void aCallerSuppliedSslContextIsUsedAndSniStillSent() throws Exception {
        int port = server(null, "TLSv1.3");
        KeyStore trust = KeyStore.getInstance(pki.caTrustStore().toFile(), TestPki.PASSWORD.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext jdk = SSLContext.getInstance("TLS");
        jdk.init(null, tmf.getTrustManagers(), null);
        await(clients.async(TlsIT.options("mqtts://localhost:" + port, TlsOptions.builder().sslContext(jdk).build())
                .build()).connect());
        assertEquals(List.of(new SNIHostName("localhost")), handshake().serverNames());
    }
}

package dev.tern.mqtt.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The SOCKS5 flavour of {@link TestProxy} (RFC 1928 CONNECT; RFC 1929 user name and password). */
final class Socks5Proxy extends TestProxy {

    private static final int VERSION = 5;
    private static final int NO_AUTH = 0x00;
    private static final int USER_PASS = 0x02;
    private static final int NO_ACCEPTABLE = 0xFF;

    Socks5Proxy(String username, String password) {
        super(username, password);
    }

    @Override
    InetSocketAddress handshake(InputStream raw, OutputStream out) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readUnsignedByte() != VERSION) {
            return refuse(out, new byte[0]);
        }
        byte[] methods = new byte[in.readUnsignedByte()];
        in.readFully(methods);
        int wanted = username == null ? NO_AUTH : USER_PASS;
        boolean offered = false;
        for (byte m : methods) {
            offered |= (m & 0xFF) == wanted;
        }
        if (!offered) {
            return refuse(out, new byte[] {VERSION, (byte) NO_ACCEPTABLE});
        }
        out.write(new byte[] {VERSION, (byte) wanted});
        out.flush();
        if (wanted == USER_PASS) {
            in.readUnsignedByte(); // sub-negotiation version 1
            byte[] user = new byte[in.readUnsignedByte()];
            in.readFully(user);
            byte[] pass = new byte[in.readUnsignedByte()];
            in.readFully(pass);
            boolean ok = username.equals(new String(user, StandardCharsets.UTF_8))
                    && password.equals(new String(pass, StandardCharsets.UTF_8));
            if (!ok) {
                return refuse(out, new byte[] {1, 1});
            }
            out.write(new byte[] {1, 0});
            out.flush();
        }
        int version = in.readUnsignedByte();
        int command = in.readUnsignedByte();
        in.readUnsignedByte(); // reserved
        int addressType = in.readUnsignedByte();
        String host;
        switch (addressType) {
            case 1 -> {
                byte[] a = new byte[4];
                in.readFully(a);
                host = InetAddress.getByAddress(a).getHostAddress();
            }
            case 3 -> {
                byte[] name = new byte[in.readUnsignedByte()];
                in.readFully(name);
                host = new String(name, StandardCharsets.US_ASCII);
            }
            case 4 -> {
                byte[] a = new byte[16];
                in.readFully(a);
                host = InetAddress.getByAddress(a).getHostAddress();
            }
            default -> {
                return refuse(out, new byte[0]);
            }
        }
        int port = in.readUnsignedShort();
        if (version != VERSION || command != 1) {
            return refuse(out, new byte[] {VERSION, 7, 0, 1, 0, 0, 0, 0, 0, 0}); // command not supported
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    void connected(OutputStream out) throws IOException {
        out.write(new byte[] {VERSION, 0, 0, 1, 127, 0, 0, 1, 0, 0}); // succeeded; bound address not meaningful
        out.flush();
    }
}

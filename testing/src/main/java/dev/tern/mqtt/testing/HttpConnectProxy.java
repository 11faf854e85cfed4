package dev.tern.mqtt.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The HTTP CONNECT flavour of {@link TestProxy} (RFC 9110 section 9.3.6, basic authentication RFC 7617). */
final class HttpConnectProxy extends TestProxy {

    HttpConnectProxy(String username, String password) {
        super(username, password);
    }

    @Override
    InetSocketAddress handshake(InputStream in, OutputStream out) throws IOException {
        String[] lines = readHead(in).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length < 3 || !requestLine[0].equals("CONNECT")) {
            return refuse(out, answer("405 Method Not Allowed"));
        }
        if (username != null) {
            String credentials = Base64.getEncoder().encodeToString((username + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            boolean authorized = false;
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Proxy-Authorization")) {
                    String[] value = line.substring(colon + 1).trim().split(" ", 2);
                    authorized = value.length == 2 && value[0].equalsIgnoreCase("Basic")
                            && value[1].trim().equals(credentials);
                }
            }
            if (!authorized) {
                return refuse(out,
                        answer("407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\""));
            }
        }
        String authority = requestLine[1];
        int colon = authority.lastIndexOf(':');
        return InetSocketAddress.createUnresolved(authority.substring(0, colon),
                Integer.parseInt(authority.substring(colon + 1)));
    }

    @Override
    void connected(OutputStream out) throws IOException {
        out.write(answer("200 Connection Established"));
        out.flush();
    }

    /** An HTTP answer with this status line and no body. */
    private static byte[] answer(String status) {
        return ("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The request line and headers, up to the empty line; byte by byte so nothing after it is consumed. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed before the end of the request");
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                    ? state + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 16 * 1024) {
                throw new IOException("request head too long");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}

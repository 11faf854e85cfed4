package dev.tern.mqtt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * The embedded Artemis broker speaks MQTT on the Netty 4.2 that the rest of the jar uses: a raw MQTT CONNECT gets
 * a CONNACK with reason code 0x00, without any Tern client code in between.
 */
class EmbeddedBrokerIT {

    @Test
    void acceptsRawMqtt5Connect() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start();
             Socket socket = new Socket(broker.host(), broker.port())) {
            socket.setSoTimeout(5_000);
            byte[] connect = {
                0x10, 15,                          // CONNECT, remaining length
                0, 4, 'M', 'Q', 'T', 'T', 5,       // protocol name, level 5
                0x02, 0, 30,                       // clean start, keep alive 30 s
                0,                                 // no properties
                0, 2, 'i', 't'                     // client id "it"
            };
            OutputStream out = socket.getOutputStream();
            out.write(connect);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertEquals(0x20, in.readUnsignedByte(), "CONNACK packet type");
            byte[] rest = new byte[in.readUnsignedByte()];
            in.readFully(rest);
            assertArrayEquals(new byte[] {0, 0}, new byte[] {rest[0], rest[1]}, "no session present, reason 0x00");
        }
    }

    @Test
    void acceptsRawMqtt311Connect() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start();
             Socket socket = new Socket(broker.host(), broker.port())) {
            socket.setSoTimeout(5_000);
            byte[] connect = {0x10, 14, 0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 30, 0, 2, 'i', 't'};
            socket.getOutputStream().write(connect);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] connack = new byte[4];
            in.readFully(connack);
            assertArrayEquals(new byte[] {0x20, 2, 0, 0}, connack);
        }
    }
}

package dev.tern.mqtt.internal;

import dev.tern.mqtt.message.Publish;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublishHandoverTest {

    @Test
    void aReadOnlyBufferIsTakenWithoutACopy() {
        byte[] bytes = {1, 2, 3, 4};
        Publish p = PublishHandover.payload(Publish.builder().topic("t"), ByteBuffer.wrap(bytes).asReadOnlyBuffer())
                .build();
        // only a shared array can show that nothing was copied; the client never changes a handed-over array
        bytes[0] = 9;
        assertArrayEquals(new byte[] {9, 2, 3, 4}, p.payloadAsBytes());
        assertTrue(p.payload().isReadOnly());
    }

    @Test
    void onlyTheRemainingBytesBecomeThePayloadAndTheBufferIsNotMoved() {
        ByteBuffer handed = ByteBuffer.wrap(new byte[] {1, 2, 3, 4}).asReadOnlyBuffer();
        handed.position(1);
        Publish p = PublishHandover.payload(Publish.builder().topic("t"), handed).build();
        assertArrayEquals(new byte[] {2, 3, 4}, p.payloadAsBytes());
        assertEquals(0, p.payload().position());
        assertEquals(1, handed.position());
        assertEquals(Publish.builder().topic("t").payload(new byte[] {2, 3, 4}).build(), p);
    }

    @Test
    void aWritableBufferIsCopiedAsThePublicBuilderDoes() {
        byte[] bytes = {1, 2};
        Publish p = PublishHandover.payload(Publish.builder().topic("t"), ByteBuffer.wrap(bytes)).build();
        bytes[0] = 9;
        assertArrayEquals(new byte[] {1, 2}, p.payloadAsBytes());
        assertFalse(p.payload().hasArray()); // read-only views never expose their array
    }

    @Test
    void correlationDataIsTakenLikeThePayloadAndNullMeansNone() {
        byte[] bytes = {7, 8};
        Publish p = PublishHandover.correlationData(Publish.builder().topic("t"),
                ByteBuffer.wrap(bytes).asReadOnlyBuffer()).build();
        bytes[1] = 0;
        assertEquals(ByteBuffer.wrap(new byte[] {7, 0}), p.correlationData().orElseThrow());
        assertTrue(PublishHandover.correlationData(Publish.builder().topic("t"), null).build()
                .correlationData().isEmpty());
    }
}

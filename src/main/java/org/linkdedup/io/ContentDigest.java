package org.linkdedup.io;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The 64-bit digest of a run of bytes that {@link ByteView#contentDigests} gives a member's data and
 * that a written copy of it is checked against: its CRC-32C in the high half and its CRC-32 in the
 * low half (two polynomials, both computed by the processor's instructions). Equal bytes give equal
 * digests; two different runs of the same length collide only when their difference is a multiple
 * of both polynomials at once (about one chance in 2^64), so callers that share work between runs by
 * digest compare lengths too. Fed in pieces, in order.
 */
public final class ContentDigest {
    private final CRC32C crc32c = new CRC32C();
    private final CRC32 crc32 = new CRC32();

    /** Adds {@code bytes}' remaining bytes, and moves its position to its limit. */
    public void update(ByteBuffer bytes) {
        crc32c.update(bytes.duplicate());
        crc32.update(bytes);
    }

    /** The digest of the bytes added since it was made or last reset. */
    public long value() {
        return crc32c.getValue() << 32 | crc32.getValue();
    }

    public void reset() {
        crc32c.reset();
        crc32.reset();
    }
}

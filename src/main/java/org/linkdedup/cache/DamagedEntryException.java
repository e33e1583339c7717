package org.linkdedup.cache;

import java.io.IOException;

/**
 * A cache entry whose bytes are not what it recorded (flipped, truncated, removed underneath): the
 * run ignores the entry, removes it, and computes the result itself.
 */
public final class DamagedEntryException extends IOException {
    private static final long serialVersionUID = 1L;

    public DamagedEntryException(String message) {
        super(message);
    }

    public DamagedEntryException(String message, Throwable cause) {
        super(message, cause);
    }
}

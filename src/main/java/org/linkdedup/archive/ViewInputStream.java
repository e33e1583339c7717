package org.linkdedup.archive;

import java.io.InputStream;
import org.linkdedup.io.ByteView;

/** An {@link InputStream} over a {@link ByteView}: Commons Compress reads the mapped file through it. */
final class ViewInputStream extends InputStream {
    private final ByteView view;
    private long pos;

    ViewInputStream(ByteView view) {
        this.view = view;
    }

    @Override
    public int read() {
        return pos < view.size() ? view.u8(pos++) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        long left = view.size() - pos;
        if (left <= 0) {
            return -1;
        }
        int n = (int) Math.min(len, left);
        view.copyTo(pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, view.size() - pos));
        pos += k;
        return k;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, view.size() - pos);
    }
}

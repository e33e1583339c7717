package org.linkdedup.cache;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The content hash of an input file, computed ({@link Digests#content}: its size and the CRC-32C
 * and CRC-32 of every byte, 64 bits of checksum computed by the processor's own instructions at
 * several GB/s, where SHA-256 runs at about 120 MB/s in the start-up JIT bin/linkdedup uses, and made
 * a cache miss half again as slow as no cache) unless a record of an earlier
 * hash can be trusted. A record is kept under {@code DIR/stat/} per real path with the file's stat
 * (device, inode, size, modification time and, where the system has it, change time) and is trusted
 * only when the file's stat is exactly the same now and both times were at least {@link #SETTLE_NANOS}
 * older than the moment the record was made: a file rewritten within the same timestamp tick as the
 * hash, or on a file system with coarse timestamps, then never matches a record. The change time
 * cannot be set by a program, so a content change whose modification time is put back
 * ({@code touch -d}, {@code Files.setLastModifiedTime}) still misses the record and is hashed.
 */
public final class Fingerprints {
    /** How old a file's times must be for a record of its hash to be trusted later: 2 s. */
    public static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int RECORD_VERSION = 2;   // 2: the content is Digests.content, not a SHA-256

    private final Path statDir;
    private final LongSupplier clockNanos;
    private final java.util.concurrent.atomic.AtomicInteger hashed = new java.util.concurrent.atomic.AtomicInteger();

    /** What a stat of a file says; {@code ctime} is the modification time where the system gives no change time. */
    public record Stat(Object fileKey, long dev, long ino, long size, long mtime, long ctime) {
    }

    /**
     * A file's content hash and the stat it was taken with.
     *
     * @param fresh whether a time of the file was within {@link #SETTLE_NANOS} of the hash (or in the
     *              future): the stat alone cannot tell a later change apart, so {@link #unchanged}
     *              hashes it again
     */
    public record Fingerprint(Path path, Path real, String content, Stat stat, boolean fresh) {
    }

    /** Records under {@code statDir} (null: none, every file is hashed); {@code clockNanos} is the wall clock. */
    public Fingerprints(Path statDir, LongSupplier clockNanos) {
        this.statDir = statDir;
        this.clockNanos = clockNanos;
    }

    /** How many files this instance hashed (the others came from trusted records). */
    public int hashed() {
        return hashed.get();
    }

    public static long wallClockNanos() {
        return TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    }

    /** The fingerprint of {@code file}: from a trusted record, else hashed (and recorded when its times are settled). */
    public Fingerprint of(Path file) throws IOException {
        Path real = file.toRealPath();
        Stat before = stat(real);
        Path record = statDir == null ? null : statDir.resolve(Digests.of(real.toString().getBytes(StandardCharsets.UTF_8)));
        String known = record == null ? null : trusted(record, real, before);
        if (known != null) {
            return new Fingerprint(file, real, known, before, false);
        }
        long now = clockNanos.getAsLong();
        hashed.incrementAndGet();
        String content = Digests.content(real);
        Stat after = stat(real);
        boolean settled = settled(before, now) && before.equals(after);
        if (record != null && settled) {
            writeRecord(record, real, before, now, content);
        }
        return new Fingerprint(file, real, content, before, !settled);
    }

    /**
     * Whether the file of {@code f} is still the one fingerprinted: the same stat, and when the
     * fingerprint was fresh, the same content hash too.
     */
    public boolean unchanged(Fingerprint f) {
        try {
            if (!stat(f.real()).equals(f.stat()) || !f.real().equals(f.path().toRealPath())) {
                return false;
            }
            if (!f.fresh()) {
                return true;
            }
            hashed.incrementAndGet();
            return Digests.content(f.real()).equals(f.content());
        } catch (IOException e) {
            return false;
        }
    }

    private boolean settled(Stat s, long now) {
        return s.mtime() <= now - SETTLE_NANOS && s.ctime() <= now - SETTLE_NANOS;
    }

    /** The hash of a record for {@code real} that holds {@code now} exactly, made after the times had settled; else null. */
    private String trusted(Path record, Path real, Stat now) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(record);
        } catch (IOException e) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            if (in.readInt() != RECORD_VERSION || !in.readUTF().equals(real.toString())) {
                return null;
            }
            long dev = in.readLong();
            long ino = in.readLong();
            long size = in.readLong();
            long mtime = in.readLong();
            long ctime = in.readLong();
            long madeAt = in.readLong();
            String content = in.readUTF();
            boolean same = dev == now.dev() && ino == now.ino() && size == now.size() && mtime == now.mtime() && ctime == now.ctime();
            boolean settled = mtime <= madeAt - SETTLE_NANOS && ctime <= madeAt - SETTLE_NANOS;
            return same && settled && content.startsWith("size:" + size + " ") ? content : null;
        } catch (IOException | RuntimeException e) {
            return null;   // a damaged record is no record
        }
    }

    private void writeRecord(Path record, Path real, Stat s, long madeAt, String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(RECORD_VERSION);
            out.writeUTF(real.toString());
            out.writeLong(s.dev());
            out.writeLong(s.ino());
            out.writeLong(s.size());
            out.writeLong(s.mtime());
            out.writeLong(s.ctime());
            out.writeLong(madeAt);
            out.writeUTF(content);
        } catch (IOException | RuntimeException e) {
            return;   // a path too long for a record: no record
        }
        CacheFiles.writeAtomically(record, bytes.toByteArray());
    }

    /** The stat of {@code file}: device, inode and change time where the system has them ({@code unix:} attributes). */
    public static Stat stat(Path file) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime,fileKey");
            return new Stat(a.get("fileKey"), ((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue(),
                    ((Number) a.get("size")).longValue(), nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime")));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            BasicFileAttributes b = Files.readAttributes(file, BasicFileAttributes.class);
            long m = nanos(b.lastModifiedTime());
            return new Stat(b.fileKey(), 0, Objects.hashCode(b.fileKey()), b.size(), m, m);
        }
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    /**
     * A digest of a directory tree's names, sizes and modification times (no contents): how classes
     * run from a build directory (not a jar) are told apart from the next build's.
     */
    public static String tree(Path dir) throws IOException {
        java.security.MessageDigest md = Digests.sha256();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                md.update((dir.relativize(p) + "\0" + a.size() + "\0" + nanos(a.lastModifiedTime()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return Digests.hex(md.digest());
    }
}

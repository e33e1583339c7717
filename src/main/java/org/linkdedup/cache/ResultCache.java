package org.linkdedup.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.linkdedup.io.StagedFile;

/**
 * Prepared results on disk, by key: each entry is a directory {@code entries/KEY/} holding a
 * {@code manifest} (an opaque payload, the size and checksum (CRC-32C and CRC-32) of every stored
 * file, and the SHA-256 of the manifest itself) and the stored files {@code 0}, {@code 1}, … (read-only).
 *
 * <p>An entry is written whole in {@code tmp/PID-RANDOM/} and published by renaming that directory
 * to {@code entries/KEY} in one step: readers see no entry or a whole one. When another process
 * published the same key first, the rename fails (the directory is not empty) and this one is
 * discarded. A manifest that does not check out, or a stored file of another size, is a miss and
 * the entry is removed; a stored file's bytes are checked against their digest when they are
 * copied out ({@link Entry#copyTo}), and a mismatch there is a {@link DamagedEntryException}.
 *
 * <p>Bounded: after each publish, the least recently used entries (by the manifest's modification
 * time, set on every hit) are removed until all entries fit in the size limit. An entry is removed
 * by renaming it into {@code tmp/} first, so a reader never finds half of one.
 *
 * <p>Nothing here fails a run: a cache that cannot be read or written is a miss and a skipped store,
 * each with a note for {@code -v}.
 */
public final class ResultCache {
    private static final byte[] MAGIC = "linkdedup-cache-entry-1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Pattern TMP = Pattern.compile("(\\d+)-\\d+");
    private static final long STALE_TMP_MILLIS = TimeUnit.HOURS.toMillis(1);

    private final Path dir;
    private final long maxBytes;
    private final Fingerprints fingerprints;
    private final List<String> notes = new ArrayList<>();

    /** One stored file: its size and {@link Digests#checksum checksum}. */
    public record Stored(long size, String checksum) {
    }

    private ResultCache(Path dir, long maxBytes, Fingerprints fingerprints) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.fingerprints = fingerprints;
    }

    /** The cache in {@code dir} (created when first written), holding at most {@code maxBytes} of entries. */
    public static ResultCache open(Path dir, long maxBytes) {
        return new ResultCache(dir, maxBytes, new Fingerprints(dir.resolve("stat"), Fingerprints::wallClockNanos));
    }

    public Path dir() {
        return dir;
    }

    public Fingerprints fingerprints() {
        return fingerprints;
    }

    /** What happened that a user may want to know with {@code -v}: damaged entries, failed stores. */
    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    synchronized void note(String n) {
        notes.add(n);
    }

    private Path entries() {
        return dir.resolve("entries");
    }

    /** The entry of {@code key}, or empty: none, or one that does not check out (then removed). */
    public Optional<Entry> get(String key) {
        Path e = entries().resolve(key);
        Path manifest = e.resolve("manifest");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(manifest);
        } catch (IOException notThere) {
            return Optional.empty();
        }
        try {
            Entry entry = parse(key, e, bytes);
            for (int i = 0; i < entry.files.size(); i++) {
                long size = Files.size(e.resolve(Integer.toString(i)));
                if (size != entry.files.get(i).size()) {
                    throw new DamagedEntryException("stored file " + i + " is " + size + " bytes, not " + entry.files.get(i).size());
                }
            }
            try {
                Files.setLastModifiedTime(manifest, FileTime.fromMillis(System.currentTimeMillis()));
            } catch (IOException readOnlyCache) {
                // used all the same; only its rank for eviction is not refreshed
            }
            return Optional.of(entry);
        } catch (IOException | RuntimeException bad) {
            note("cache entry " + key + " is damaged (" + bad.getMessage() + "): ignored and removed");
            remove(key);
            return Optional.empty();
        }
    }

    private Entry parse(String key, Path e, byte[] bytes) throws IOException {
        if (bytes.length < MAGIC.length + 32 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new DamagedEntryException("not a manifest");
        }
        byte[] body = Arrays.copyOf(bytes, bytes.length - 32);
        byte[] sum = Digests.sha256().digest(body);
        if (!Arrays.equals(sum, 0, 32, bytes, bytes.length - 32, bytes.length)) {
            throw new DamagedEntryException("the manifest's digest does not match");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body, MAGIC.length, body.length - MAGIC.length));
        if (!in.readUTF().equals(key)) {
            throw new DamagedEntryException("the manifest is another key's");
        }
        int n = in.readInt();
        if (n < 0 || n > body.length) {
            throw new DamagedEntryException("bad payload length");
        }
        byte[] payload = in.readNBytes(n);
        int files = in.readInt();
        if (files < 0 || files > 1 << 16) {
            throw new DamagedEntryException("bad file count");
        }
        List<Stored> stored = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            stored.add(new Stored(in.readLong(), in.readUTF()));
        }
        return new Entry(this, key, e, payload, stored);
    }

    /** Removes the entry of {@code key} (renamed away first, then deleted); nothing when there is none. */
    public void remove(String key) {
        Path e = entries().resolve(key);
        if (!Files.exists(e)) {
            return;
        }
        Path gone = dir.resolve("tmp").resolve(CacheFiles.unique());
        try {
            Files.createDirectories(gone.getParent());
            Files.move(e, gone, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            return;   // another process removed or replaced it
        }
        CacheFiles.deleteTree(gone);
    }

    /** A new entry for {@code key}, written aside until {@link Pending#publish}; null when the cache cannot be written. */
    public Pending begin(String key) {
        Path tmp = dir.resolve("tmp").resolve(CacheFiles.unique());
        try {
            Files.createDirectories(tmp);
            return new Pending(key, tmp);
        } catch (IOException e) {
            note("cannot write the cache in " + dir + " (" + e + "): nothing stored");
            return null;
        }
    }

    /** An entry being written: files added one by one, then published whole, or discarded. */
    public final class Pending {
        private final String key;
        private final Path tmp;
        private final List<Stored> files = new ArrayList<>();
        private boolean failed;

        private Pending(String key, Path tmp) {
            this.key = key;
            this.tmp = tmp;
        }

        /** Copies {@code source} in as the next stored file (its digest taken from the copy). */
        public synchronized void addFile(Path source) {
            if (failed) {
                return;
            }
            Path f = tmp.resolve(Integer.toString(files.size()));
            try {
                Files.copy(source, f);
                files.add(new Stored(Files.size(f), Digests.checksum(f)));
                f.toFile().setReadOnly();
            } catch (IOException e) {
                failed = true;
                note("cannot copy " + source + " into the cache (" + e + "): nothing stored");
            }
        }

        /**
         * Publishes the entry with {@code payload}; false when it was not (another process published
         * the key first, or writing failed). Then evicts what exceeds the size limit.
         */
        public synchronized boolean publish(byte[] payload) {
            if (failed) {
                discard();
                return false;
            }
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                bytes.write(MAGIC);
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeUTF(key);
                out.writeInt(payload.length);
                out.write(payload);
                out.writeInt(files.size());
                for (Stored s : files) {
                    out.writeLong(s.size());
                    out.writeUTF(s.checksum());
                }
                out.flush();
                bytes.write(Digests.sha256().digest(bytes.toByteArray()));
                Files.write(tmp.resolve("manifest"), bytes.toByteArray());
                Files.createDirectories(entries());
                Files.move(tmp, entries().resolve(key), StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException lost) {
                note("cache entry " + key + " was published by another run meanwhile: kept that one");
                discard();
                return false;
            } catch (IOException e) {
                note("cannot publish cache entry " + key + " (" + e + "): nothing stored");
                discard();
                return false;
            }
            evict();
            return true;
        }

        public void discard() {
            CacheFiles.deleteTree(tmp);
        }
    }

    /** Stored entries, least recently used first, with their sizes. */
    private record Sized(Path dir, String key, long lastUsed, long size) {
    }

    private List<Sized> list() {
        List<Sized> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(entries())) {
            for (Path e : s) {
                long used;
                try {
                    used = Files.getLastModifiedTime(e.resolve("manifest")).toMillis();
                } catch (IOException noManifest) {
                    used = 0;
                }
                out.add(new Sized(e, e.getFileName().toString(), used, CacheFiles.size(e)));
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparingLong(Sized::lastUsed).thenComparing(Sized::key));
        return out;
    }

    /** Removes least recently used entries until the rest fit in the limit; sweeps what dead runs left in {@code tmp/}. */
    public void evict() {
        List<Sized> all = list();
        long total = all.stream().mapToLong(Sized::size).sum();
        for (Sized s : all) {
            if (total <= maxBytes) {
                break;
            }
            remove(s.key());
            total -= s.size();
        }
        sweep();
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("tmp"))) {
            for (Path p : s) {
                Matcher m = TMP.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long pid = Long.parseLong(m.group(1));
                boolean dead = pid != CacheFiles.PID && ProcessHandle.of(pid).isEmpty();
                long age = now - Files.getLastModifiedTime(p).toMillis();
                if (dead || age > STALE_TMP_MILLIS && pid != CacheFiles.PID) {
                    CacheFiles.deleteTree(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a courtesy
        }
    }

    /** How many entries and bytes the cache holds. */
    public record Stats(Path dir, int entries, long bytes, long maxBytes) {
    }

    public Stats stats() {
        List<Sized> all = list();
        return new Stats(dir, all.size(), all.stream().mapToLong(Sized::size).sum(), maxBytes);
    }

    /** Removes every entry and every fingerprint record. */
    public void clear() {
        for (Sized s : list()) {
            remove(s.key());
        }
        CacheFiles.deleteTree(dir.resolve("stat"));
        sweep();
    }

    /** A stored entry: its payload (checked) and its stored files (checked when copied out). */
    public static final class Entry {
        private final ResultCache cache;
        private final String key;
        private final Path dir;
        private final byte[] payload;
        private final List<Stored> files;

        Entry(ResultCache cache, String key, Path dir, byte[] payload, List<Stored> files) {
            this.cache = cache;
            this.key = key;
            this.dir = dir;
            this.payload = payload;
            this.files = List.copyOf(files);
        }

        public String key() {
            return key;
        }

        public byte[] payload() {
            return payload.clone();
        }

        public List<Stored> files() {
            return files;
        }

        /**
         * Copies stored file {@code i} to {@code target} (replacing it) and checks the copy's size
         * and digest against the manifest; a mismatch or a stored file gone is a {@link DamagedEntryException}.
         */
        public void copyTo(int i, Path target) throws DamagedEntryException {
            Stored want = files.get(i);
            try {
                // Into the staged file as StagedFile.overwrite writes one (its own permissions, not the
                // entry's); the stored bytes are checked against their digest as they are copied (read once).
                long[] sums;
                try (java.nio.channels.FileChannel from = java.nio.channels.FileChannel.open(dir.resolve(Integer.toString(i)))) {
                    sums = StagedFile.overwrite(target, to -> Digests.copy(from, to));
                }
                if (sums[0] != want.size()) {
                    throw new DamagedEntryException("stored file " + i + " of cache entry " + key + " has the wrong size");
                }
                if (!Digests.checksum(sums).equals(want.checksum())) {
                    throw new DamagedEntryException("stored file " + i + " of cache entry " + key + " does not match its digest");
                }
            } catch (DamagedEntryException e) {
                throw e;
            } catch (IOException e) {
                throw new DamagedEntryException("stored file " + i + " of cache entry " + key + " cannot be read (" + e + ")", e);
            }
        }

        /** Removes this entry (it was found damaged). */
        public void remove(String why) {
            cache.note("cache entry " + key + " is damaged (" + why + "): ignored and removed");
            cache.remove(key);
        }
    }
}

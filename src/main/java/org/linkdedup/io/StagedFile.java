package org.linkdedup.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.linkdedup.error.UsageException;

/**
 * An output written in full beside its destination before it replaces anything. {@link #write}
 * creates a temporary file in the destination's directory, lets the caller write and check it, and
 * keeps it only when that succeeds; {@link #commit()} renames it into place in one step, so that
 * every process, killed ones included, sees the old file or the whole new one, never a mix. Not
 * fsynced, like the compiler's and ar's outputs beside it: the rename is what makes it appear whole.
 * {@link StagedFiles} commits several together and undoes the renames already done when one fails.
 *
 * <p>The files this class makes are named {@code .NAME.PID-RANDOM.linkdedup-tmp} (the new content)
 * and {@code .NAME.PID-RANDOM.linkdedup-bak} (the old content, kept until the whole batch is in
 * place). They are removed on every normal or failed exit and, through a shutdown hook, on SIGINT
 * and SIGTERM; those of a run killed outright (SIGKILL, a crash) are recognised by name and removed
 * by the next run that writes in the same directory once no process with their PID is alive. A
 * temporary file is created with the default permissions (the umask applies), like any new file.
 */
public final class StagedFile {
    static final String TMP_SUFFIX = ".linkdedup-tmp";
    static final String BACKUP_SUFFIX = ".linkdedup-bak";
    private static final Pattern OURS = Pattern.compile("\\..+\\.(\\d+)-\\d+\\.linkdedup-(?:tmp|bak)");
    private static final long PID = ProcessHandle.current().pid();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Files of this process not yet renamed into place or removed: what the shutdown hook deletes. */
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PENDING.forEach(StagedFile::remove),
                "linkdedup-remove-temporary-files"));
    }

    /** Writes a staged file's content to {@code tmp} and may check it: whatever it throws discards the file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    /** Writes through a channel on a staged file, and what it gives back. */
    @FunctionalInterface
    public interface ChannelWriter<T> {
        T writeTo(FileChannel out) throws IOException;
    }

    /**
     * Writes {@code tmp} (a staged file, new and empty, kept with its own permissions) through a
     * channel from its start, and cuts off anything past the end written, which a new file never
     * has. The file is opened without {@code O_TRUNC}: on ext4 (its default {@code auto_da_alloc}) a
     * file truncated to zero starts writing all its data back to disk when it is closed, and that
     * close took 1-5 ms a 27 MB archive.
     */
    public static <T> T overwrite(Path tmp, ChannelWriter<T> writer) throws IOException {
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            T result = writer.writeTo(out);
            if (out.size() > out.position()) {
                out.truncate(out.position());
            }
            return result;
        }
    }

    private final Path tmp;
    private final Path dest;
    private boolean pending = true;
    /** After {@link #replace()}: the old destination kept aside, or null when there was none. */
    private Path backup;
    private boolean replaced;

    private StagedFile(Path tmp, Path dest) {
        this.tmp = tmp;
        this.dest = dest;
    }

    /**
     * Stages {@code content} for {@code dest}, creating the destination's directory if needed;
     * {@code dest} itself is not touched.
     */
    public static StagedFile write(Path dest, Content content) throws IOException {
        Path dir = dest.toAbsolutePath().getParent();
        Path tmp;
        try {
            Files.createDirectories(dir);
            sweep(dir);
            tmp = create(dir, dest.getFileName().toString(), TMP_SUFFIX);
        } catch (IOException e) {
            throw new UsageException("cannot write " + ByteStrings.of(dest) + ": cannot create a file in " + ByteStrings.of(dir)
                    + " (" + FileErrors.reason(e) + ")");
        }
        boolean written = false;
        try {
            content.writeTo(tmp);
            written = true;
            return new StagedFile(tmp, dest);
        } finally {
            if (!written) {
                remove(tmp);
            }
        }
    }

    public Path destination() {
        return dest;
    }

    /** The staged content: a file beside the destination until it is committed or discarded. */
    public Path staged() {
        return tmp;
    }

    /** Renames the staged file into place, replacing what was there. */
    public synchronized void commit() throws IOException {
        replace();
        dropBackup();
    }

    /** Deletes the staged file unless it was committed; a file that cannot be deleted is left behind. */
    public synchronized void discard() {
        if (pending) {
            pending = false;
            remove(tmp);
        }
    }

    /**
     * The first half of a commit: keeps the old destination aside (a hard link, else a rename) and
     * renames the new content into place. {@link #restore()} undoes it, {@link #dropBackup()} ends it.
     */
    synchronized void replace() throws IOException {
        if (!pending) {
            throw new IllegalStateException(dest + " was already committed or discarded");
        }
        Path dir = dest.toAbsolutePath().getParent();
        if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(ByteStrings.of(dest), null, "is a directory");   // never moved aside, never replaced
        }
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            backup = name(dir, dest.getFileName().toString(), BACKUP_SUFFIX);
            PENDING.add(backup);
            try {
                Files.createLink(backup, dest);
            } catch (IOException | UnsupportedOperationException e) {
                Files.move(dest, backup, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        try {
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            if (backup != null && !Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(backup, dest, StandardCopyOption.ATOMIC_MOVE);   // it was moved aside, not linked
                PENDING.remove(backup);
            }
            dropBackup();
            throw e;
        }
        PENDING.remove(tmp);
        pending = false;
        replaced = true;
    }

    /** Puts back what {@link #replace()} replaced: the old file, or nothing when there was none. */
    synchronized void restore() throws IOException {
        if (!replaced) {
            return;
        }
        if (backup != null) {
            Files.move(backup, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            PENDING.remove(backup);
            backup = null;
        } else {
            Files.deleteIfExists(dest);
        }
        replaced = false;
    }

    /** Forgets the old content once the whole batch is in place. */
    synchronized void dropBackup() {
        if (backup != null) {
            remove(backup);
            backup = null;
        }
    }

    /** A new, empty file {@code .NAME.PID-RANDOM SUFFIX} in {@code dir}, registered for removal. */
    private static Path create(Path dir, String name, String suffix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = name(dir, name, suffix);
            PENDING.add(p);
            try {
                return Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                PENDING.remove(p);
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static Path name(Path dir, String name, String suffix) {
        return dir.resolve("." + name + "." + PID + "-" + Long.toUnsignedString(RANDOM.nextLong()) + suffix);
    }

    /** Deletes one of our files (never a directory: only files are staged or kept aside). */
    private static void remove(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // left behind: the next run in this directory removes it
        }
        PENDING.remove(p);
    }

    /** Removes the temporary and backup files that runs which are gone left in {@code dir}. */
    private static void sweep(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".*.linkdedup-*")) {
            for (Path p : s) {
                leftoverPid(p.getFileName().toString())
                        .filter(pid -> pid != PID && ProcessHandle.of(pid).isEmpty())
                        .ifPresent(pid -> remove(p));
            }
        } catch (IOException e) {
            // Sweeping is a courtesy: a directory we cannot list fails the write itself, with its reason.
        }
    }

    /** The PID in the name of a file this class makes, or empty for any other name. */
    static Optional<Long> leftoverPid(String fileName) {
        Matcher m = OURS.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

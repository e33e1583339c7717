package org.linkdedup.output;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.error.UsageException;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.link.LoadedInput;

/**
 * Decides, before a run writes anything, that none of its outputs is or would replace a file the
 * run reads, and that no two outputs are the same file. Every writer of a run (trimmed archives,
 * {@code --link-order-file}, {@code --write-baseline}) registers its destination here first.
 *
 * <p>A file the run reads is protected under every name that reaches it: the path as given, the
 * directory entry it names (a symbolic link itself, which a rename would replace) and its real path
 * (symbolic links and {@code ..} resolved), plus its file key (device and inode), so that a hard
 * link to it under another name is recognised too. An output is the directory entry a rename
 * replaces: its parent's real path and its own name; when that entry exists, what it reaches is
 * compared as well. Any match is refused with a usage error naming both files.
 */
public final class OutputGuard {
    private final Map<Path, String> readEntries = new LinkedHashMap<>();
    private final Map<Object, String> readKeys = new LinkedHashMap<>();
    private final Map<Path, String> outputs = new LinkedHashMap<>();
    private final Map<Object, String> outputKeys = new LinkedHashMap<>();
    /** Directories that outputs registered so far create (an {@code --out-dir} not there yet). */
    private final Set<Path> created = new HashSet<>();

    /**
     * A guard protecting every file a run over {@code inputs} reads: each input, each member file of
     * a thin archive among them, and {@code otherReads} (response files, a baseline read).
     */
    public static OutputGuard reading(List<LoadedInput> inputs, Collection<Path> otherReads) {
        OutputGuard g = new OutputGuard();
        for (LoadedInput in : inputs) {
            g.reads(in.path(), "input " + in.display());
            if (in.isArchive() && in.archive().isThin()) {
                for (ArchiveMember m : in.archive().members()) {
                    if (m.isExternal()) {
                        g.reads(m.external(), "member " + m.name() + " of thin archive " + in.display());
                    }
                }
            }
        }
        for (Path p : otherReads) {
            g.reads(p, "input " + ByteStrings.of(p));
        }
        return g;
    }

    /** Protects {@code file}, described as {@code what} in messages ("input libfoo.a"). A file that does not exist is ignored. */
    public void reads(Path file, String what) {
        Path abs = file.toAbsolutePath().normalize();
        readEntries.putIfAbsent(abs, what);
        entry(file).ifPresent(e -> readEntries.putIfAbsent(e, what));
        try {
            readEntries.putIfAbsent(file.toRealPath(), what);
            key(file).ifPresent(k -> readKeys.putIfAbsent(k, what));
        } catch (IOException e) {
            // Not there (a missing thin member is reported by its reader): nothing to overwrite.
        }
    }

    /**
     * Registers {@code file} as an output described as {@code what} ("--link-order-file", "the
     * trimmed libfoo.a at"; messages follow it with the path). Refuses it when it is or would replace a file read, or another output.
     * Its directory must exist already unless {@code createsParent} (an {@code --out-dir} is created).
     */
    public Path writes(Path file, String what, boolean createsParent) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        Path entry = outputEntry(file, what, createsParent || created.contains(parent));
        if (createsParent) {
            for (Path p = parent; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
                created.add(p);
            }
        }
        String read = readEntries.get(entry);
        if (read == null && Files.exists(entry)) {
            try {
                read = readEntries.get(entry.toRealPath());
            } catch (IOException e) {
                read = null;
            }
        }
        Optional<Object> key = key(entry);
        if (read == null && key.isPresent()) {
            read = readKeys.get(key.get());
        }
        if (read != null) {
            throw new UsageException("refusing to overwrite " + read + " with " + what + " " + show(file)
                    + "; choose another path");
        }
        String other = outputs.putIfAbsent(entry, what);
        if (other == null && key.isPresent()) {
            other = outputKeys.putIfAbsent(key.get(), what);
        }
        if (other != null) {
            throw new UsageException("both " + other + " and " + what + " would be written to " + show(entry)
                    + "; give them different paths");
        }
        return entry;
    }

    /** The outputs registered so far, in order. */
    public List<Path> outputs() {
        return new ArrayList<>(outputs.keySet());
    }

    /**
     * The directory entry an output named {@code file} replaces: its parent's real path and its own
     * name. A parent that is missing, not a directory or unreachable is a usage error saying which.
     */
    private static Path outputEntry(Path file, String what, boolean createsParent) {
        Path abs = file.toAbsolutePath().normalize();
        Path name = abs.getFileName();
        if (name == null) {
            throw new UsageException(what + " " + show(file) + ": not a file name");
        }
        Path parent = abs.getParent();
        if (Files.isDirectory(abs) && !Files.isSymbolicLink(abs)) {
            throw new UsageException(what + " " + show(file) + ": is a directory");
        }
        Path existing = parent;
        List<Path> missing = new ArrayList<>();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.add(0, existing.getFileName());
            existing = existing.getParent();
        }
        if (!missing.isEmpty() && !createsParent) {
            throw new UsageException(what + " " + show(file) + ": directory " + show(parent) + " does not exist");
        }
        Path real = realDirectory(existing, what, file);
        for (Path m : missing) {
            real = real.resolve(m);
        }
        return real.resolve(name);
    }

    private static Path realDirectory(Path dir, String what, Path file) {
        String problem;
        try {
            Path real = dir.toRealPath();
            if (Files.isDirectory(real)) {
                return real;
            }
            problem = show(dir) + " is not a directory";
        } catch (FileSystemLoopException e) {
            problem = show(dir) + " is a symbolic link loop";
        } catch (FileSystemException e) {
            // The JDK reports ELOOP from realpath(3) as a plain FileSystemException with the system's text.
            problem = isLoop(dir) ? show(dir) + " is a symbolic link loop"
                    : e instanceof NoSuchFileException ? show(dir) + " is a dangling symbolic link"
                    : e instanceof NotDirectoryException ? show(dir) + " is not a directory"
                    : show(dir) + " cannot be resolved (" + e.getReason() + ")";
        } catch (IOException e) {
            problem = show(dir) + " cannot be resolved (" + e.getMessage() + ")";
        }
        throw new UsageException(what + " " + show(file) + ": " + problem);
    }

    /** Whether following the symbolic links from {@code p} never reaches a file (more than the system's 40 hops). */
    private static boolean isLoop(Path p) {
        Path cur = p.toAbsolutePath();
        for (int hops = 0; hops < 41; hops++) {
            if (!Files.isSymbolicLink(cur)) {
                return false;
            }
            try {
                cur = cur.resolveSibling(Files.readSymbolicLink(cur)).normalize();
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** The entry {@code file} names, its parent resolved but the last component kept (a symbolic link stays one). */
    private static Optional<Path> entry(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null || abs.getFileName() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parent.toRealPath().resolve(abs.getFileName()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Object> key(Path file) {
        try {
            return Optional.ofNullable(Files.readAttributes(file, BasicFileAttributes.class).fileKey());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String show(Path p) {
        return ByteStrings.of(p);
    }
}

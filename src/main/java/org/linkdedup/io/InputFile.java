package org.linkdedup.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * What an input file was when it was opened for reading: its size, identity (the file key: device
 * and inode on Unix) and modification time. {@link #changedSince()} compares them with the file as
 * it is now, so that a file a concurrent build shrank, grew, rewrote, replaced or deleted while we
 * read it is reported instead of read as garbage (or faulting, when it was mapped).
 */
final class InputFile {
    private final Path path;
    private final String name;
    private final long size;
    private final Object key;
    private final FileTime modified;
    /**
     * Read by position for {@link ByteView#copyThrough} while a reading step of {@link InputFiles}
     * that registered this file runs; null otherwise.
     */
    private FileChannel channel;
    private boolean channelAllowed;

    private InputFile(Path path, long size, Object key, FileTime modified) {
        this.path = path;
        this.name = ByteStrings.of(path);
        this.size = size;
        this.key = key;
        this.modified = modified;
    }

    /**
     * The file {@code ch} has open at {@code path}: its size from the channel, identity and time
     * from the path. Throws when the two disagree on the size (a build is writing it right now).
     */
    static InputFile opened(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        InputFile f = new InputFile(path, size, a.fileKey(), a.lastModifiedTime());
        if (a.size() != size) {
            throw f.changed("now " + a.size(), null);
        }
        return f;
    }

    Path path() {
        return path;
    }

    /** The path as messages print it. */
    String name() {
        return name;
    }

    /** The size when opened: the bytes a view of the file covers. */
    long size() {
        return size;
    }

    /**
     * How the file differs from when it was opened, as {@code now …} for {@link InputChangedException},
     * or {@code null} when it is the same (or can no longer be looked at for another reason than
     * being gone: then nothing can be said). Deleted, then replaced by another file, then a
     * different size, then a newer modification time.
     */
    String difference() {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return "now deleted";
        } catch (IOException e) {
            return null;
        }
        if (key != null && a.fileKey() != null && !key.equals(a.fileKey())) {
            return "now another file of " + a.size() + " bytes";
        }
        if (a.size() != size) {
            return "now " + a.size();
        }
        if (!Objects.equals(modified, a.lastModifiedTime())) {
            return "now rewritten in place";
        }
        return null;
    }

    /**
     * Whether the path still names this file and it is shorter than when opened: what makes a read
     * of its mapping fault (a deleted or replaced file leaves the mapping whole).
     */
    boolean shrank() {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return false;
        }
        return (key == null || key.equals(a.fileKey())) && a.size() < size;
    }

    /** The failure of a read of this file that it {@link #difference() changed} since it was opened, or {@code null}. */
    InputChangedException changedSince(Throwable cause) {
        String d = difference();
        return d == null ? null : changed(d, cause);
    }

    /**
     * What tells this file apart from others as it was opened: its identity (device and inode), size
     * and modification time; null when the file system gives no identity. Two paths with equal
     * values (two links, or one file given twice) had the same bytes when opened.
     */
    Object identity() {
        return key == null ? null : java.util.List.of(key, size, modified);
    }

    /**
     * A channel on the file for positional reads, opened on first use and shared by every thread,
     * while a reading step that registered this file runs ({@link #allowChannel}); null outside one
     * (a file no step closes would keep its descriptor until collected: thin archives' members) and
     * when the file cannot be opened again (then it is read through its mapping).
     */
    synchronized FileChannel channel() {
        if (channel == null && channelAllowed) {
            try {
                channel = FileChannel.open(path, java.nio.file.StandardOpenOption.READ);
            } catch (IOException e) {
                channelAllowed = false;
            }
        }
        return channel;
    }

    /** A reading step registered this file: {@link #channel()} may open one, which {@link #closeChannel} closes. */
    synchronized void allowChannel() {
        channelAllowed = true;
    }

    /** Closes the channel of {@link #channel()}; none is opened again until the next {@link #allowChannel}. */
    synchronized void closeChannel() {
        channelAllowed = false;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // read-only: nothing is lost
            }
            channel = null;
        }
    }

    /** This file changed: {@code now} says how ({@code now 51112}). */
    InputChangedException changed(String now, Throwable cause) {
        return new InputChangedException(name, "was " + size + " bytes, " + now, cause);
    }

    @Override
    public String toString() {
        return name + " (" + size + " bytes)";
    }
}

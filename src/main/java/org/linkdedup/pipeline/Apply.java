package org.linkdedup.pipeline;

import java.io.IOException;
import org.linkdedup.io.Progress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.linkdedup.cache.DamagedEntryException;
import org.linkdedup.cache.ResultCache;
import org.linkdedup.io.StagedFile;
import org.linkdedup.io.StagedFiles;
import org.linkdedup.output.OutputGuard;
import org.linkdedup.output.TrimmedArchives;

/**
 * What {@code apply} (and {@code exec}) do after the dedup run ({@link Prepare}): where each trimmed
 * archive goes, the new link order, and writing them. {@link #prepare} decides every output path and
 * checks it against every file the run reads and every other output before a byte is written;
 * {@link #write} stages every output beside its destination, verifies it, and replaces the
 * destinations all together or not at all. A result computed from the inputs is written by
 * {@link TrimmedArchives} (and its archives copied into the cache before the commit); a result from
 * the cache copies the stored archives into the staged files, each checked against the digest the
 * entry recorded for it, and a damaged entry is dropped and the result computed instead.
 */
public final class Apply {
    private final Prepare source;
    private final Path outDir;
    private final Map<Integer, Path> written;
    private final List<String> linkOrder;
    private final Path linkOrderFile;
    private final List<Path> otherReads;
    private long writeNanos = -1;

    private Apply(Prepare source, Path outDir, Map<Integer, Path> written, List<String> linkOrder, Path linkOrderFile,
            List<Path> otherReads) {
        this.source = source;
        this.outDir = outDir;
        this.written = Map.copyOf(written);
        this.linkOrder = List.copyOf(linkOrder);
        this.linkOrderFile = linkOrderFile;
        this.otherReads = List.copyOf(otherReads);
    }

    /**
     * The outputs of {@code source} in {@code outDir} (and {@code linkOrderFile}, when not null),
     * refused with a usage error when one is or would replace an input, a thin archive's member,
     * one of {@code otherReads} (response files) or another output. Nothing is written.
     */
    static Apply prepare(Prepare source, Path outDir, Path linkOrderFile, Collection<Path> otherReads) {
        Prepared p = source.prepared();
        OutputGuard guard = new OutputGuard();
        for (Prepared.Read r : p.reads()) {
            guard.reads(r.path(), r.what());
        }
        for (Path r : otherReads) {
            guard.reads(r, "input " + org.linkdedup.io.ByteStrings.of(r));
        }
        Map<Integer, Path> dest = TrimmedArchives.destinations(p.changed(), p.displays(), outDir, guard);
        if (linkOrderFile != null) {
            guard.writes(linkOrderFile, "--link-order-file", false);
        }
        return new Apply(source, outDir, dest, TrimmedArchives.linkOrder(p.displays(), dest), linkOrderFile,
                new ArrayList<>(otherReads));
    }

    /** The result written: the report, the counts. */
    public Prepared prepared() {
        return source.prepared();
    }

    public Path outDir() {
        return outDir;
    }

    /** The destination of each changed archive, by input index. */
    public Map<Integer, Path> written() {
        return written;
    }

    /** The new link order, one path per element. */
    public List<String> linkOrder() {
        return linkOrder;
    }

    /** Where the link order is written too, or null. */
    public Path linkOrderFile() {
        return linkOrderFile;
    }

    /** Writes every output: each staged and checked first, then all renamed into place together. */
    public void write() throws IOException {
        Progress.global().start("writing and verifying " + written.size() + (written.size() == 1 ? " archive" : " archives"), 0);
        long t0 = System.nanoTime();
        try {
            writeStaged();
        } finally {
            writeNanos = System.nanoTime() - t0;
            Progress.global().finish();
        }
    }

    /** How long {@link #write} took (staging, verifying and renaming every output), or -1 before it ran. */
    public long writeNanos() {
        return writeNanos;
    }

    private void writeStaged() throws IOException {
        if (source.hit() != null) {
            try {
                writeFromCache(source.hit());
                return;
            } catch (DamagedEntryException e) {
                source.damaged(e);
                Apply again = prepare(source, outDir, linkOrderFile, otherReads);
                if (!again.written.equals(written)) {
                    throw new IllegalStateException("the computed result writes " + again.written + ", the cached one " + written);
                }
            }
        }
        ResultCache.Pending pending = source.begin();
        try (StagedFiles out = new StagedFiles()) {
            Dedup run = source.computed();
            TrimmedArchives.stage(run.inputs(), run.plan().dropped(), run.plan().edits(), written, out);
            if (pending != null) {
                for (Path dest : new TreeMap<>(written).values()) {
                    pending.addFile(out.staged(dest));
                }
            }
            stageLinkOrder(out);
            out.commit();
        } catch (IOException | RuntimeException e) {
            if (pending != null) {
                pending.discard();
            }
            throw e;
        }
        if (pending != null) {
            source.publish(pending);
        }
    }

    /**
     * The stored archives of {@code entry}, in input order, into staged files (copied in parallel),
     * each checked against its digest; the first failure in input order is thrown.
     */
    private void writeFromCache(ResultCache.Entry entry) throws IOException {
        try (StagedFiles out = new StagedFiles()) {
            List<Path> dests = new ArrayList<>(new TreeMap<>(written).values());
            out.stageAll(dests.size(), i -> StagedFile.write(dests.get(i), tmp -> entry.copyTo(i, tmp)));
            stageLinkOrder(out);
            out.commit();
        }
    }

    private void stageLinkOrder(StagedFiles out) throws IOException {
        if (linkOrderFile != null) {
            out.stage(linkOrderFile, tmp -> Files.write(tmp, linkOrderBytes()));
        }
    }

    /** The link order as a file holds it: each path's bytes and a newline. */
    private byte[] linkOrderBytes() {
        StringBuilder sb = new StringBuilder();
        linkOrder.forEach(p -> sb.append(p).append('\n'));
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}

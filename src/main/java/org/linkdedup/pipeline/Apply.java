package org.linkdedup.pipeline;

import java.io.IOException;
import org.linkdedup.io.Progress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.linkdedup.io.StagedFiles;
import org.linkdedup.output.OutputGuard;
import org.linkdedup.output.TrimmedArchives;

/**
 * What {@code apply} (and {@code exec}) do after {@link Dedup}: where each trimmed archive goes,
 * the new link order, and writing them. {@link #prepare} decides every output path and checks it
 * against every file the run reads and every other output before a byte is written; {@link #write}
 * stages every output beside its destination, verifies it, and replaces the destinations all
 * together or not at all.
 *
 * @param run           the decisions
 * @param outDir        where trimmed archives go
 * @param written       the destination of each changed archive, by input index
 * @param linkOrder     the new link order, one path per element
 * @param linkOrderFile where the link order is written too, or null
 */
public record Apply(Dedup run, Path outDir, Map<Integer, Path> written, List<String> linkOrder, Path linkOrderFile) {

    public Apply {
        written = Map.copyOf(written);
        linkOrder = List.copyOf(linkOrder);
    }

    /**
     * The outputs of {@code run} in {@code outDir} (and {@code linkOrderFile}, when not null),
     * refused with a usage error when one is or would replace an input, a thin archive's member,
     * one of {@code otherReads} (response files) or another output. Nothing is written.
     */
    public static Apply prepare(Dedup run, Path outDir, Path linkOrderFile, Collection<Path> otherReads) {
        OutputGuard guard = OutputGuard.reading(run.inputs(), otherReads);
        Map<Integer, Path> dest = TrimmedArchives.destinations(run.inputs(), run.plan().dropped(), run.plan().edits(), outDir, guard);
        if (linkOrderFile != null) {
            guard.writes(linkOrderFile, "--link-order-file", false);
        }
        return new Apply(run, outDir, dest, TrimmedArchives.linkOrder(run.inputs(), dest), linkOrderFile);
    }

    /** Writes every output: each staged and checked first, then all renamed into place together. */
    public void write() throws IOException {
        Progress.global().start("writing and verifying " + written.size() + (written.size() == 1 ? " archive" : " archives"), 0);
        try (StagedFiles out = new StagedFiles()) {
            TrimmedArchives.stage(run.inputs(), run.plan().dropped(), run.plan().edits(), written, out);
            if (linkOrderFile != null) {
                out.stage(linkOrderFile, tmp -> Files.write(tmp, linkOrderBytes()));
            }
            out.commit();
        } finally {
            Progress.global().finish();
        }
    }

    /** The link order as a file holds it: each path's bytes and a newline. */
    private byte[] linkOrderBytes() {
        StringBuilder sb = new StringBuilder();
        linkOrder.forEach(p -> sb.append(p).append('\n'));
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}

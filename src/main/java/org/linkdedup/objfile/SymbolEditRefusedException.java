package org.linkdedup.objfile;

import java.util.List;
import java.util.stream.Collectors;
import org.linkdedup.error.ExitCode;
import org.linkdedup.error.LinkdedupException;

/**
 * {@link ElfEditor} or {@link MachOEditor} refused a request: nothing was written. Each {@link Refusal} names the symbol it
 * concerns (or none, when the object as a whole cannot be rewritten safely) and the reason.
 */
public final class SymbolEditRefusedException extends LinkdedupException {
    private final String file;
    private final List<Refusal> refusals;

    /**
     * One reason not to edit.
     *
     * @param symbol the symbol name the reason concerns, or null when it concerns the whole object
     * @param reason why, in words a report can print
     */
    public record Refusal(String symbol, String reason) {
        @Override
        public String toString() {
            return symbol == null ? reason : symbol + ": " + reason;
        }
    }

    SymbolEditRefusedException(String file, List<Refusal> refusals) {
        super(ExitCode.BAD_INPUT, "cannot rewrite symbols of " + file + ": "
                + refusals.stream().map(Refusal::toString).collect(Collectors.joining("; ")), null);
        this.file = file;
        this.refusals = List.copyOf(refusals);
    }

    public String file() {
        return file;
    }

    /** The reasons, in a stable order (whole-object reasons first, then by symbol name). */
    public List<Refusal> refusals() {
        return refusals;
    }
}

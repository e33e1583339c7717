package org.linkdedup.link;

import java.nio.file.Path;
import java.util.Objects;
import org.linkdedup.io.ByteStrings;

/**
 * One input of a {@link LinkOrder} as the command line gives it, before anything is read.
 *
 * @param index  its position in the link order
 * @param path   the file
 * @param kind   what the file is, when the parser looked ({@code exec} does, to skip shared
 *               libraries and sources); {@link Kind#UNKNOWN} when it did not
 * @param forced loaded whole by the link ({@code --whole-archive}, {@code -force_load},
 *               {@code -all_load}); never an object, which is loaded whole anyway
 * @param group  the index of the {@code --start-group} it is in, among {@link LinkOrder#groups()},
 *               or {@link #NO_GROUP}
 */
public record LinkInput(int index, Path path, Kind kind, boolean forced, int group) {
    /** The {@link #group} of an input outside every group. */
    public static final int NO_GROUP = -1;

    /** What an input is, as far as the parser knows. */
    public enum Kind { ARCHIVE, OBJECT, UNKNOWN }

    public LinkInput {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        if (index < 0) {
            throw new IllegalArgumentException("input " + path + " has index " + index);
        }
        if (group < NO_GROUP) {
            throw new IllegalArgumentException("input " + index + " (" + path + ") has group " + group);
        }
        if (forced && kind == Kind.OBJECT) {
            throw new IllegalArgumentException("input " + index + " (" + path + ") is an object: it cannot be loaded whole");
        }
    }

    /** The path as reports print it (and as {@link LoadedInput#display()} holds it): its bytes, one char per byte. */
    public String display() {
        return ByteStrings.of(path);
    }

    public boolean inGroup() {
        return group != NO_GROUP;
    }
}

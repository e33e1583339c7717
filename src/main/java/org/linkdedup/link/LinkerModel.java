package org.linkdedup.link;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.linkdedup.objfile.MachOObject;
import org.linkdedup.objfile.UniversalObject;

/**
 * Which linker {@link LinkSimulator} imitates. The models differ in when an archive member is
 * loaded, which definition a name binds to when there are several, and how many duplicate-symbol
 * diagnostics the linker prints. Each model's rules are spelled out on its implementation:
 * {@link GnuLink}, {@link LazyLink} (both lld models) and {@link Ld64Link}.
 */
public enum LinkerModel {
    /** GNU ld (ld.bfd) and gold: archives are scanned once, where they stand on the command line. */
    GNU("gnu", false),
    /** ld.lld for ELF (also mold): archive definitions stay lazy and the first one wins. */
    LLD("lld", false),
    /** ld64.lld for Mach-O: lazy like {@link #LLD}, but weak references also fetch members. */
    LLD_MACHO("lld-macho", true),
    /** Apple's classic ld64: every object first, then undefined names in sorted order. */
    LD64("ld64", true);

    private final String cliName;
    private final boolean machO;

    LinkerModel(String cliName, boolean machO) {
        this.cliName = cliName;
        this.machO = machO;
    }

    /** The name {@code --linker} takes. */
    public String cliName() {
        return cliName;
    }

    /** Whether the linker reads Mach-O (where a weak definition outranks a common one). */
    public boolean isMachO() {
        return machO;
    }

    /** The model named {@code name} ({@code gnu}, {@code lld}, {@code lld-macho}, {@code ld64}). */
    public static LinkerModel fromCliName(String name) {
        for (LinkerModel m : values()) {
            if (m.cliName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown linker model '" + name + "' (expected one of "
                + Arrays.stream(values()).map(LinkerModel::cliName).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return cliName;
    }

    /** The default model for {@code inputs}: ld64 when any member is Mach-O, else gnu. */
    public static LinkerModel forInputs(List<LoadedInput> inputs) {
        for (LoadedInput in : inputs) {
            for (InputMember m : in.members()) {
                if (m.object() instanceof MachOObject || m.object() instanceof UniversalObject) {
                    return LD64;
                }
            }
        }
        return GNU;
    }
}

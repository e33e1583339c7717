package org.linkdedup.link;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.linkdedup.objfile.CoffImport;
import org.linkdedup.objfile.CoffObject;
import org.linkdedup.objfile.MachOObject;
import org.linkdedup.objfile.UniversalObject;

/**
 * Which linker {@link LinkSimulator} imitates. The models differ in when an archive member is
 * loaded, which definition a name binds to when there are several, and how many duplicate-symbol
 * diagnostics the linker prints. Each model's rules are spelled out on its implementation:
 * {@link GnuLink}, {@link LazyLink} (the ELF and Mach-O lld models), {@link Ld64Link} and
 * {@link LldLink}.
 */
public enum LinkerModel {
    /** GNU ld (ld.bfd) and gold: archives are scanned once, where they stand on the command line. */
    GNU("gnu", Format.ELF),
    /** ld.lld for ELF (also mold): archive definitions stay lazy and the first one wins. */
    LLD("lld", Format.ELF),
    /** ld64.lld for Mach-O: lazy like {@link #LLD}, but weak references also fetch members. */
    LLD_MACHO("lld-macho", Format.MACHO),
    /** Apple's classic ld64: every object first, then undefined names in sorted order. */
    LD64("ld64", Format.MACHO),
    /** lld-link, LLVM's COFF linker: lazy like {@link #LLD}, archive members loaded in queue order. */
    LLD_LINK("lld-link", Format.COFF);

    /** The object format a linker reads. */
    public enum Format { ELF, MACHO, COFF }

    private final String cliName;
    private final Format format;

    LinkerModel(String cliName, Format format) {
        this.cliName = cliName;
        this.format = format;
    }

    /** The object format this linker reads: models of one format are compared with each other. */
    public Format format() {
        return format;
    }

    /** The name {@code --linker} takes. */
    public String cliName() {
        return cliName;
    }

    /** Whether the linker reads Mach-O (where a weak definition outranks a common one). */
    public boolean isMachO() {
        return format == Format.MACHO;
    }

    /** The model named {@code name} ({@code gnu}, {@code lld}, {@code lld-macho}, {@code ld64}, {@code lld-link}). */
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

    /**
     * The default model for {@code inputs}: ld64 when any member is Mach-O, else lld-link when any
     * member is COFF (an object or an import member), else gnu.
     */
    public static LinkerModel forInputs(List<LoadedInput> inputs) {
        boolean coff = false;
        for (LoadedInput in : inputs) {
            for (InputMember m : in.members()) {
                if (m.object() instanceof MachOObject || m.object() instanceof UniversalObject) {
                    return LD64;
                }
                coff |= m.object() instanceof CoffObject || m.object() instanceof CoffImport;
            }
        }
        return coff ? LLD_LINK : GNU;
    }
}

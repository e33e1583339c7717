package org.linkdedup.link;

import java.util.List;
import java.util.Objects;

/**
 * Predicts a static link from its inputs alone: which archive members the linker loads and why,
 * what each name binds to, what stays undefined, and how many duplicate-symbol diagnostics it
 * prints. It works on members and symbol names only.
 *
 * <p>Rules common to every model (each model's own rules are on {@link GnuLink}, {@link LazyLink},
 * {@link Ld64Link} and {@link LldLink}):
 * <ul>
 * <li>Only non-local symbols take part, whatever their visibility: ELF hidden or protected,
 *     Mach-O private extern ({@code N_PEXT}) and {@code .llvm.}-suffixed names sit in archive
 *     indexes, pull members, bind and clash across members like default-visibility ones.</li>
 * <li>What an archive member offers to the archive search is what the archive's index lists for
 *     it (see {@link Providers}); what it defines and references once loaded is its own symbol
 *     table. A member whose references are unknown ({@link InputMember#undefinedKnown()} false,
 *     bitcode without a symbol table) is taken to reference nothing.</li>
 * <li>A weak definition never clashes: a strong one replaces it silently, and of two weak ones the
 *     first stays. Common definitions merge into one (the first stays: sizes are not read) and a
 *     strong definition replaces them silently. On ELF a common definition beats a weak one, on
 *     Mach-O a weak one beats a common one (both checked with the real linkers).</li>
 * <li>COMDAT groups: the first member to bring a group signature keeps it; the definitions of a
 *     later member's group of the same signature are discarded, with no diagnostic (lld-link:
 *     as the COFF sections' selections say, see {@link LldLink}).</li>
 * <li>Absolute and indirect ({@code N_INDR}) definitions count as strong definitions;
 *     {@code STB_GNU_UNIQUE} ones too.</li>
 * <li>Excluded members ({@link LinkOptions#excluded()}) are absent: never loaded, offered by no
 *     index, as if their archive had been rewritten without them.</li>
 * </ul>
 *
 * <p>Not implemented in any model: shared libraries, linker scripts and symbol versions, section
 * garbage collection and dead stripping, LTO (bitcode members count by their symbol tables),
 * symbol wrapping ({@code --wrap}), {@code --defsym}, {@code -u}, and the size and alignment
 * tie-breaks between common or weak definitions.
 *
 * <p>Cost: linear in the symbols of the inputs, with hash maps keyed by the interned name strings;
 * an archive index is turned into a name list once per call.
 */
public final class LinkSimulator {
    private LinkSimulator() {
    }

    /**
     * Simulates linking {@code inputs} in their order.
     *
     * @param inputs as {@link InputLoader} makes them: input {@code i} has index {@code i} and its
     *               members the ids {@code (i, position)}
     */
    public static LinkResult simulate(List<LoadedInput> inputs, LinkOptions options) {
        Objects.requireNonNull(options, "options");
        List<LoadedInput> in = List.copyOf(inputs);
        check(in, options);
        LinkRun run = switch (options.model()) {
            case GNU -> new GnuLink(in, options);
            case LLD -> LazyLink.lld(in, options);
            case LLD_MACHO -> LazyLink.lldMachO(in, options);
            case LD64 -> new Ld64Link(in, options);
            case LLD_LINK -> new LldLink(in, options);
        };
        run.run();
        return run.result();
    }

    private static void check(List<LoadedInput> inputs, LinkOptions options) {
        for (int i = 0; i < inputs.size(); i++) {
            LoadedInput in = inputs.get(i);
            if (in.index() != i) {
                throw new IllegalArgumentException("input " + i + " (" + in.display() + ") has index " + in.index());
            }
            List<InputMember> members = in.members();
            for (int p = 0; p < members.size(); p++) {
                MemberId id = members.get(p).id();
                if (id.input() != i || id.position() != p) {
                    throw new IllegalArgumentException("member " + p + " of input " + i + " (" + members.get(p).display()
                            + ") has id " + id);
                }
            }
        }
        for (LinkOrder.InputRange g : options.groups()) {
            if (g.last() >= inputs.size()) {
                throw new IllegalArgumentException("group " + g + " ends past the last input (" + (inputs.size() - 1) + ")");
            }
        }
    }
}

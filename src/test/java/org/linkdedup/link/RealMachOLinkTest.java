package org.linkdedup.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.linkdedup.link.RealLink.Outcome;
import org.linkdedup.link.RealLink.Target;
import org.linkdedup.testing.Links;
import org.linkdedup.testing.Toolchain;

/**
 * The lld-macho model against ld64.lld (lld 14) on Mach-O objects assembled at test time for
 * x86_64 and arm64 and archived in the Darwin format. The ld64 model runs on the same files; with
 * no Apple ld64 here, its expectations come from ld64's source (see {@link Ld64LinkTest}).
 */
@Toolchain
class RealMachOLinkTest {
    @TempDir
    Path dir;

    /** Checks the lld-macho model against ld64.lld and returns what ld64.lld did. */
    private static Outcome check(RealLink f, LinkOptions options, Set<String> members, int diagnostics) {
        Outcome real = f.ld64lld(options);
        assertEquals(members, real.members(), real.log());
        assertEquals(diagnostics, real.diagnostics(), real.log());
        LinkResult r = f.simulate(options.withModel(LinkerModel.LLD_MACHO));
        assertEquals(real.members(), Links.loadedArchiveMembers(r), "lld-macho model");
        assertEquals(real.diagnostics(), r.diagnostics(), "lld-macho model");
        return real;
    }

    private static LinkOptions lldMachO() {
        return LinkOptions.of(LinkerModel.LLD_MACHO);
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"MACHO_X86_64", "MACHO_ARM64"})
    void sandwichBindsToTheEarlierArchive(Target target) {
        RealLink f = new RealLink(dir, target).obj("main.o", "T main").member("ax.o", "T x").ar("A.a", "ax.o")
                .obj("main2.o", "T main2", "U x").member("bx.o", "T x").ar("B.a", "bx.o");
        Outcome real = check(f, lldMachO(), Set.of("A.a(ax.o)"), 0);
        assertEquals(1, real.reasons().stream().filter(l -> l.equals(f.sym("x") + " forced load of A.a(ax.o)")).count());
        // ld64 searches archives in command-line order too
        assertEquals(Set.of("A.a(ax.o)"), Links.loadedArchiveMembers(f.simulate(LinkOptions.of(LinkerModel.LD64))));
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"MACHO_X86_64", "MACHO_ARM64"})
    void oneDiagnosticPerPairWhereALaterDefinitionReplacesTheEarlierOne(Target target) {
        RealLink f = new RealLink(dir, target).obj("main.o", "T main", "U a", "U b", "T dup1")
                .member("a.o", "T a", "T dup1", "T dup2").ar("A.a", "a.o")
                .member("b.o", "T b", "T dup1", "T dup2").ar("B.a", "b.o");
        check(f, lldMachO(), Set.of("A.a(a.o)", "B.a(b.o)"), 3);
        // ld64 prints one diagnostic per name
        assertEquals(2, f.simulate(LinkOptions.of(LinkerModel.LD64)).diagnostics());
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"MACHO_X86_64", "MACHO_ARM64"})
    void aWeakReferenceFetches(Target target) {
        RealLink f = new RealLink(dir, target).obj("main.o", "T main", "w f").member("f.o", "T f").ar("A.a", "f.o");
        check(f, lldMachO(), Set.of("A.a(f.o)"), 0);
        assertEquals(Set.of(), Links.loadedArchiveMembers(f.simulate(LinkOptions.of(LinkerModel.LLD))));
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"MACHO_X86_64", "MACHO_ARM64"})
    void aStrongDefinitionReplacesAWeakOneSilently(Target target) {
        RealLink f = new RealLink(dir, target).obj("main.o", "T main", "W f", "U g")
                .member("g.o", "T g", "T f").ar("A.a", "g.o").obj("late.o", "W f");
        check(f, lldMachO(), Set.of("A.a(g.o)"), 0);
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"MACHO_X86_64", "MACHO_ARM64"})
    void aCommonSymbolFetchesNothingAndMergesWithAnother(Target target) {
        RealLink f = new RealLink(dir, target).obj("main.o", "T main", "C c").obj("b.o", "C c")
                .member("c.o", "D c").ar("A.a", "c.o");
        check(f, lldMachO(), Set.of(), 0);
        // ld64 replaces a tentative definition with the data definition an archive offers
        assertEquals(Set.of("A.a(c.o)"), Links.loadedArchiveMembers(f.simulate(LinkOptions.of(LinkerModel.LD64))));
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"MACHO_X86_64", "MACHO_ARM64"})
    void privateExternDuplicatesCollide(Target target) {
        RealLink f = new RealLink(dir, target).obj("main.o", "T main", "U a", "U b")
                .member("a.o", "T a", "H rt.llvm.99").ar("A.a", "a.o")
                .member("b.o", "T b", "H rt.llvm.99").ar("B.a", "b.o");
        check(f, lldMachO(), Set.of("A.a(a.o)", "B.a(b.o)"), 1);
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"MACHO_X86_64", "MACHO_ARM64"})
    void forceLoadLoadsEveryMember(Target target) {
        RealLink f = new RealLink(dir, target).obj("main.o", "T main", "T f")
                .member("a1.o", "T f").member("a2.o", "T g").ar("A.a", "a1.o", "a2.o");
        check(f, lldMachO().withWholeArchive(1), Set.of("A.a(a1.o)", "A.a(a2.o)"), 1);
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"MACHO_X86_64", "MACHO_ARM64"})
    void ld64LoadsObjectsFirstWhereLldMachOFetchesAtOnce(Target target) {
        RealLink f = new RealLink(dir, target).obj("main.o", "T main", "U f")
                .member("a.o", "T f").ar("A.a", "a.o").obj("late.o", "T f");
        check(f, lldMachO(), Set.of("A.a(a.o)"), 1);
        LinkResult ld64 = f.simulate(LinkOptions.of(LinkerModel.LD64));
        assertEquals(Set.of(), Links.loadedArchiveMembers(ld64));
        assertEquals(0, ld64.diagnostics());
    }
}

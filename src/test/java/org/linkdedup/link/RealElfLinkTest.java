package org.linkdedup.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.link.RealLink.Outcome;
import org.linkdedup.link.RealLink.Target;
import org.linkdedup.testing.Links;
import org.linkdedup.testing.Toolchain;

/**
 * The GNU and lld models against GNU ld 2.40 and ld.lld 14, run on objects assembled at test time:
 * the loaded archive members and the duplicate-diagnostic count must be the real linker's.
 */
@Toolchain
class RealElfLinkTest {
    @TempDir
    Path dir;

    private RealLink link() {
        return new RealLink(dir, Target.ELF_X86_64);
    }

    /** Simulates with GNU and lld and checks each against its linker; returns [gnu, lld] outcomes. */
    private static Outcome[] check(RealLink f, LinkOptions options, Set<String> gnuMembers, int gnuDiagnostics,
            Set<String> lldMembers, int lldDiagnostics) {
        Outcome gnu = f.gnu(options);
        Outcome lld = f.lld(options);
        // the fixture's expectations are what the real linkers did ...
        assertEquals(gnuMembers, gnu.members(), gnu.log());
        assertEquals(gnuDiagnostics, gnu.diagnostics(), gnu.log());
        assertEquals(lldMembers, lld.members(), lld.log());
        assertEquals(lldDiagnostics, lld.diagnostics(), lld.log());
        // ... and the models predict them
        LinkResult g = f.simulate(options.withModel(LinkerModel.GNU));
        LinkResult l = f.simulate(options.withModel(LinkerModel.LLD));
        assertEquals(gnu.members(), Links.loadedArchiveMembers(g), "gnu model");
        assertEquals(gnu.diagnostics(), g.diagnostics(), "gnu model");
        assertEquals(lld.members(), Links.loadedArchiveMembers(l), "lld model");
        assertEquals(lld.diagnostics(), l.diagnostics(), "lld model");
        return new Outcome[] {gnu, lld};
    }

    @Test
    void sandwichBindsToTheLaterArchiveWithGnuAndTheEarlierWithLld() {
        RealLink f = link().obj("main.o", "T main").member("ax.o", "T x").ar("A.a", "ax.o")
                .obj("main2.o", "T main2", "U x").member("bx.o", "T x").ar("B.a", "bx.o");
        Outcome[] o = check(f, LinkOptions.of(LinkerModel.GNU), Set.of("B.a(bx.o)"), 0, Set.of("A.a(ax.o)"), 0);
        assertEquals(List.of("B.a(bx.o) main2.o (x)"), o[0].reasons());
        assertEquals(List.of("main2.o\tA.a(ax.o)\tx"), o[1].reasons());
        LinkResult g = f.simulate(LinkOptions.of(LinkerModel.GNU));
        LinkResult l = f.simulate(LinkOptions.of(LinkerModel.LLD));
        assertNotEquals(g.bindingOf("x"), l.bindingOf("x"));
        assertEquals(new MemberId(1, 0), l.bindingOf("x").orElseThrow());
        assertEquals(LinkResult.LoadReason.reference(new MemberId(2, 0), "x"), g.loadReason(new MemberId(3, 0)).orElseThrow());
    }

    @Test
    void duplicateStrongDefinitionsAcrossArchivesAreCountedOncePerExtraDefinition() {
        RealLink f = link().obj("main.o", "T main", "U a", "U b", "T dup1")
                .member("a.o", "T a", "T dup1", "T dup2").ar("A.a", "a.o")
                .member("b.o", "T b", "T dup1", "T dup2").ar("B.a", "b.o");
        check(f, LinkOptions.of(LinkerModel.GNU), Set.of("A.a(a.o)", "B.a(b.o)"), 3, Set.of("A.a(a.o)", "B.a(b.o)"), 3);
    }

    @Test
    void aStrongDefinitionReplacesAWeakOneAndAWeakDefinitionStopsArchiveLoads() {
        RealLink f = link().obj("main.o", "T main", "W f", "U g", "V v")
                .member("g.o", "T g", "T f").member("f.o", "T f2", "D v").ar("A.a", "g.o", "f.o");
        check(f, LinkOptions.of(LinkerModel.GNU), Set.of("A.a(g.o)"), 0, Set.of("A.a(g.o)"), 0);
        assertEquals(new MemberId(1, 0), f.simulate(LinkOptions.of(LinkerModel.GNU)).bindingOf("f").orElseThrow());
    }

    @Test
    void aWeakReferenceExtractsNothing() {
        RealLink f = link().obj("main.o", "T main", "w f").member("f.o", "T f").ar("A.a", "f.o");
        check(f, LinkOptions.of(LinkerModel.GNU), Set.of(), 0, Set.of(), 0);
    }

    @Test
    void aCommonSymbolPullsADataDefinitionWithGnuAndAnyGlobalDefinitionWithLld() {
        RealLink f = link().obj("main.o", "T main", "C c", "C code", "C weak")
                .member("c.o", "D c").member("code.o", "T code").member("weak.o", "V weak")
                .ar("A.a", "c.o", "code.o", "weak.o");
        check(f, LinkOptions.of(LinkerModel.GNU), Set.of("A.a(c.o)"), 0, Set.of("A.a(c.o)", "A.a(code.o)"), 0);
    }

    @Test
    void anUntypedLabelInTextIsDataToGnuLdSoACommonSymbolPullsIt() {
        // GNU ld asks a member for a data definition by st_type (neither STT_FUNC nor STT_GNU_IFUNC),
        // not by section flags: "H c" is a global label in .text without .type.
        RealLink f = link().obj("main.o", "T main", "C c").member("h.o", "H c").ar("A.a", "h.o");
        check(f, LinkOptions.of(LinkerModel.GNU), Set.of("A.a(h.o)"), 0, Set.of("A.a(h.o)"), 0);
    }

    @Test
    void lldFetchesNothingForACommonSymbolMetAfterTheArchive() {
        RealLink f = link().member("c.o", "D c").ar("A.a", "c.o").obj("main.o", "T main", "C c");
        check(f, LinkOptions.of(LinkerModel.GNU), Set.of(), 0, Set.of(), 0);
    }

    @Test
    void commonSymbolsMergeAndAStrongDefinitionBeatsThem() {
        RealLink f = link().obj("main.o", "T main", "C c", "U g").obj("b.o", "C c")
                .member("g.o", "T g", "D c").ar("A.a", "g.o");
        check(f, LinkOptions.of(LinkerModel.GNU), Set.of("A.a(g.o)"), 0, Set.of("A.a(g.o)"), 0);
    }

    @Test
    void aComdatGroupIsKeptOnceWithoutDiagnostics() {
        RealLink f = link().obj("main.o", "T main", "U f1", "U f2")
                .member("c1.o", "G f", "T f1").ar("A.a", "c1.o")
                .member("c2.o", "G f", "T f2").ar("B.a", "c2.o");
        check(f, LinkOptions.of(LinkerModel.GNU), Set.of("A.a(c1.o)", "B.a(c2.o)"), 0,
                Set.of("A.a(c1.o)", "B.a(c2.o)"), 0);
        assertEquals(new MemberId(1, 0), f.simulate(LinkOptions.of(LinkerModel.LLD)).bindingOf("f").orElseThrow());
    }

    @Test
    void hiddenLlvmSuffixedDuplicatesCollide() {
        RealLink f = link().obj("main.o", "T main", "U a", "U b")
                .member("a.o", "T a", "H rt.llvm.1234").ar("A.a", "a.o")
                .member("b.o", "T b", "H rt.llvm.1234").ar("B.a", "b.o");
        check(f, LinkOptions.of(LinkerModel.GNU), Set.of("A.a(a.o)", "B.a(b.o)"), 1, Set.of("A.a(a.o)", "B.a(b.o)"), 1);
    }

    @Test
    void gnuNeverRevisitsAnArchiveUnlessItIsInAGroup() {
        RealLink f = link().obj("main.o", "T main", "U b").member("a.o", "T a", "U b2").ar("A.a", "a.o")
                .member("b.o", "T b", "U a").member("b2.o", "T b2").ar("B.a", "b.o", "b2.o");
        Set<String> all = Set.of("A.a(a.o)", "B.a(b.o)", "B.a(b2.o)");
        check(f, LinkOptions.of(LinkerModel.GNU), Set.of("B.a(b.o)"), 0, all, 0);
        check(f, LinkOptions.of(LinkerModel.GNU).withGroup(1, 2), all, 0, all, 0);
        assertEquals(List.of(new LinkResult.Unresolved("a", new MemberId(2, 0))),
                f.simulate(LinkOptions.of(LinkerModel.GNU)).unresolved());
    }

    @Test
    void anArchiveIsRescannedUntilItPullsNothingNew() {
        RealLink f = link().obj("main.o", "T main", "U f3")
                .member("a1.o", "T f1").member("a2.o", "T f2", "U f1").member("a3.o", "T f3", "U f2")
                .ar("A.a", "a1.o", "a2.o", "a3.o");
        Set<String> all = Set.of("A.a(a1.o)", "A.a(a2.o)", "A.a(a3.o)");
        Outcome[] o = check(f, LinkOptions.of(LinkerModel.GNU), all, 0, all, 0);
        assertEquals(List.of("A.a(a1.o) A.a(a2.o) (f1)", "A.a(a2.o) A.a(a3.o) (f2)", "A.a(a3.o) main.o (f3)"),
                o[0].reasons().stream().sorted().toList());
    }

    @Test
    void wholeArchiveLoadsEveryMember() {
        RealLink f = link().obj("main.o", "T main", "T f").member("a1.o", "T f").member("a2.o", "T g")
                .ar("A.a", "a1.o", "a2.o");
        Set<String> all = Set.of("A.a(a1.o)", "A.a(a2.o)");
        check(f, LinkOptions.of(LinkerModel.GNU).withWholeArchive(1), all, 1, all, 1);
    }

    @Test
    void excludingAMemberSimulatesTheTrimmedArchive() {
        RealLink full = link().obj("main.o", "T main", "U x", "U y")
                .member("x.o", "T x", "T rt").member("y.o", "T y", "T rt").ar("A.a", "x.o", "y.o")
                .member("rt.o", "T rt", "T x").ar("R.a", "rt.o");
        check(full, LinkOptions.of(LinkerModel.GNU), Set.of("A.a(x.o)", "A.a(y.o)"), 1,
                Set.of("A.a(x.o)", "A.a(y.o)"), 1);
        LinkOptions trimmed = LinkOptions.of(LinkerModel.GNU).withExcluded(Set.of(new MemberId(1, 0)));
        LinkResult g = full.simulate(trimmed);
        LinkResult l = full.simulate(trimmed.withModel(LinkerModel.LLD));
        // the same link with A.a rewritten without x.o
        RealLink rewritten = new RealLink(dir, Target.ELF_X86_64).obj("main.o", "T main", "U x", "U y")
                .ar("A2.a", "y.o").ar("R.a", "rt.o");
        Outcome gnu = rewritten.gnu(LinkOptions.of(LinkerModel.GNU));
        Outcome lld = rewritten.lld(LinkOptions.of(LinkerModel.LLD));
        assertEquals(Set.of("A2.a(y.o)", "R.a(rt.o)"), gnu.members());
        assertEquals(Set.of("A2.a(y.o)", "R.a(rt.o)"), lld.members());
        assertEquals(Set.of("A.a(y.o)", "R.a(rt.o)"), Links.loadedArchiveMembers(g));
        assertEquals(Set.of("A.a(y.o)", "R.a(rt.o)"), Links.loadedArchiveMembers(l));
        assertEquals(gnu.diagnostics(), g.diagnostics());
        assertEquals(lld.diagnostics(), l.diagnostics());
        assertEquals(1, g.diagnostics());
    }
}

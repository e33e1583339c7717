package org.linkdedup.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linkdedup.link.Synth.binding;
import static org.linkdedup.link.Synth.loadedMembers;
import static org.linkdedup.link.Synth.m;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.linkdedup.link.LinkResult.Duplicate;
import org.linkdedup.link.LinkResult.LoadReason;
import org.linkdedup.link.LinkResult.Severity;
import org.linkdedup.link.LinkResult.Unresolved;

/** The rules every model shares, on synthetic inputs. */
class CommonRulesTest {

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void objectsAreAlwaysLoadedAndArchiveMembersOnlyWhenReferenced(LinkerModel model) {
        Synth s = new Synth().obj("main.o", "T main", "U f").ar("A.a", m("a1.o", "T f"), m("a2.o", "T unused"));
        LinkResult r = s.link(model);
        assertEquals(Set.of("A.a(a1.o)"), loadedMembers(r));
        assertEquals(List.of(s.id("main.o"), s.id("A.a(a1.o)")), r.loaded());
        assertEquals(LoadReason.object(), r.loadReason(s.id("main.o")).orElseThrow());
        assertEquals(LoadReason.reference(s.id("main.o"), "f"), r.loadReason(s.id("A.a(a1.o)")).orElseThrow());
        assertEquals(Optional.empty(), r.loadReason(s.id("A.a(a2.o)")));
        assertEquals("A.a(a1.o)", binding(r, "f"));
        assertEquals(0, r.diagnostics());
        assertEquals(List.of(), r.unresolved());
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void aStrongDefinitionReplacesAWeakOneSilentlyInEitherOrder(LinkerModel model) {
        LinkResult weakFirst = new Synth().obj("main.o", "T main", "W f").obj("b.o", "T f").link(model);
        LinkResult strongFirst = new Synth().obj("main.o", "T main", "T f").obj("b.o", "W f").link(model);
        assertEquals("b.o", binding(weakFirst, "f"));
        assertEquals("main.o", binding(strongFirst, "f"));
        assertEquals(0, weakFirst.diagnostics() + strongFirst.diagnostics());
        assertEquals(2, weakFirst.definitionsOf("f").size());
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void ofTwoWeakDefinitionsTheFirstStays(LinkerModel model) {
        LinkResult r = new Synth().obj("main.o", "T main", "W f").obj("b.o", "W f").link(model);
        assertEquals("main.o", binding(r, "f"));
        assertEquals(List.of(), r.duplicates());
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void commonDefinitionsMergeAndAStrongDefinitionBeatsThem(LinkerModel model) {
        LinkResult commons = new Synth().obj("main.o", "T main", "C c").obj("b.o", "C c").link(model);
        assertEquals("main.o", binding(commons, "c"));
        assertEquals(0, commons.diagnostics());
        LinkResult strong = new Synth().obj("main.o", "T main", "C c").obj("b.o", "D c").obj("c.o", "C c").link(model);
        assertEquals("b.o", binding(strong, "c"));
        assertEquals(0, strong.diagnostics());
    }

    @ParameterizedTest
    @EnumSource(value = LinkerModel.class, names = {"GNU", "LLD"})
    void onElfACommonDefinitionBeatsAWeakOne(LinkerModel model) {
        assertEquals("b.o", binding(new Synth().obj("main.o", "T main", "V c").obj("b.o", "C c").link(model), "c"));
        assertEquals("main.o", binding(new Synth().obj("main.o", "T main", "C c").obj("b.o", "V c").link(model), "c"));
    }

    @ParameterizedTest
    @EnumSource(value = LinkerModel.class, names = {"LLD_MACHO", "LD64"})
    void onMachOAWeakDefinitionBeatsACommonOne(LinkerModel model) {
        assertEquals("main.o", binding(new Synth().obj("main.o", "T main", "V c").obj("b.o", "C c").link(model), "c"));
        assertEquals("b.o", binding(new Synth().obj("main.o", "T main", "C c").obj("b.o", "V c").link(model), "c"));
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void aLaterComdatGroupOfTheSameSignatureIsDiscardedWithoutDiagnostic(LinkerModel model) {
        Synth s = new Synth().obj("main.o", "T main", "U f", "U g")
                .obj("g1.o", "W f group=f", "T g1")
                .obj("g2.o", "T f group=f", "T g");
        LinkResult r = s.link(model);
        assertEquals(0, r.diagnostics());
        assertEquals("g1.o", binding(r, "f"));
        assertEquals(1, r.definitionsOf("f").size());
        // g2's own copy is discarded, so its code uses g1's
        assertEquals(Optional.of(s.id("g1.o")), r.referencesOf(s.id("g2.o")).get("f"));
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void strongDefinitionsInTwoComdatGroupsOfDifferentSignaturesClash(LinkerModel model) {
        LinkResult r = new Synth().obj("main.o", "T main", "T f group=a").obj("b.o", "T f group=b").link(model);
        assertEquals(1, r.diagnostics());
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void hiddenDefinitionsCollideAndBindAcrossMembers(LinkerModel model) {
        Synth s = new Synth().obj("main.o", "T main", "U rt.llvm.123")
                .ar("A.a", m("a.o", "T rt.llvm.123 hidden", "T x hidden"))
                .obj("b.o", "T x hidden");
        LinkResult r = s.link(model);
        assertEquals("A.a(a.o)", binding(r, "rt.llvm.123"));
        assertEquals(1, r.diagnostics());
        Duplicate d = r.duplicates().get(0);
        assertEquals("x", d.symbol());
        assertEquals(Set.of(s.id("A.a(a.o)"), s.id("b.o")), Set.of(d.existing(), d.added()));
        assertEquals(Severity.ERROR, d.severity());
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void localSymbolsTakeNoPart(LinkerModel model) {
        LinkResult r = new Synth().obj("main.o", "T main", "t f", "U g").obj("b.o", "t f", "t g").link(model);
        assertEquals(0, r.diagnostics());
        assertEquals(Optional.empty(), r.bindingOf("f"));
        assertEquals(List.of("g"), r.unresolved().stream().map(Unresolved::symbol).toList());
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void absoluteDefinitionsAreStrong(LinkerModel model) {
        assertEquals(1, new Synth().obj("main.o", "T main", "A f").obj("b.o", "T f").link(model).diagnostics());
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void excludedMembersAreAbsent(LinkerModel model) {
        Synth s = new Synth().obj("main.o", "T main", "U f").obj("x.o", "T f")
                .ar("A.a", m("a1.o", "T f"), m("a2.o", "T g")).ar("B.a", m("b1.o", "T f"));
        LinkResult r = s.link(LinkOptions.of(model).withExcluded(Set.of(s.id("x.o"), s.id("A.a(a1.o)"))));
        assertFalse(r.isLoaded(s.id("x.o")));
        assertEquals(Set.of("B.a(b1.o)"), loadedMembers(r));
        assertEquals("B.a(b1.o)", binding(r, "f"));
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void strongReferencesNothingDefinesAreUnresolvedWithTheirFirstReferrer(LinkerModel model) {
        Synth s = new Synth().obj("main.o", "T main", "w weakOnly", "U missing").obj("b.o", "U missing", "U alsoMissing");
        LinkResult r = s.link(model);
        assertEquals(List.of(new Unresolved("alsoMissing", s.id("b.o")), new Unresolved("missing", s.id("main.o"))),
                r.unresolved());
        assertEquals(Map.of("weakOnly", Optional.empty(), "missing", Optional.empty()), r.referencesOf(s.id("main.o")));
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void membersWithUnknownReferencesReferToNothing(LinkerModel model) {
        Synth s = new Synth().obj("main.o", "T main", "U f")
                .ar("A.a", Synth.unknownRefs("bc.o", "T f", "U g"), m("g.o", "T g"));
        LinkResult r = s.link(model);
        assertEquals(Set.of("A.a(bc.o)"), loadedMembers(r));
        assertEquals(Map.of(), r.referencesOf(s.id("A.a(bc.o)")));
        assertEquals(List.of(), r.unresolved());
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void wholeArchiveLoadsEveryMember(LinkerModel model) {
        Synth s = new Synth().obj("main.o", "T main").ar("A.a", m("a1.o", "T f"), m("a2.o", "T g"));
        LinkResult r = s.link(LinkOptions.of(model).withWholeArchive(1));
        assertEquals(Set.of("A.a(a1.o)", "A.a(a2.o)"), loadedMembers(r));
        assertEquals(LoadReason.forced(), r.loadReason(s.id("A.a(a2.o)")).orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(LinkerModel.class)
    void referencesOfSaysWhatEachReferenceBindsTo(LinkerModel model) {
        Synth s = new Synth().obj("main.o", "T main", "U f", "U nowhere", "T own").ar("A.a", m("a1.o", "T f", "U own"));
        LinkResult r = s.link(model);
        assertEquals(List.of("f", "nowhere"), List.copyOf(r.referencesOf(s.id("main.o")).keySet()));
        assertEquals(Optional.of(s.id("A.a(a1.o)")), r.referencesOf(s.id("main.o")).get("f"));
        assertEquals(Map.of("own", Optional.of(s.id("main.o"))), r.referencesOf(s.id("A.a(a1.o)")));
        assertEquals(Map.of(), r.referencesOf(new MemberId(7, 7)));
        assertTrue(r.names().containsAll(Set.of("f", "own", "nowhere")));
        assertEquals(Map.of("main", s.id("main.o"), "f", s.id("A.a(a1.o)"), "own", s.id("main.o")), r.winners());
    }

    @Test
    void inputsMustBeNumberedInOrder() {
        List<LoadedInput> in = new Synth().obj("a.o", "T main").obj("b.o", "T f").inputs();
        assertThrows(IllegalArgumentException.class,
                () -> LinkSimulator.simulate(List.of(in.get(1), in.get(0)), LinkOptions.of(LinkerModel.GNU)));
        assertThrows(IllegalArgumentException.class,
                () -> LinkSimulator.simulate(in, LinkOptions.of(LinkerModel.GNU).withGroup(1, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> LinkOptions.of(LinkerModel.GNU).withGroup(0, 2).withGroup(2, 3));
    }

    @Test
    void modelsAreNamedAsOnTheCommandLine() {
        for (LinkerModel m : LinkerModel.values()) {
            assertEquals(m, LinkerModel.fromCliName(m.cliName()));
        }
        assertEquals(LinkerModel.LLD_MACHO, LinkerModel.fromCliName("lld-macho"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinkerModel.fromCliName("mold"));
        assertEquals("unknown linker model 'mold' (expected one of gnu, lld, lld-macho, ld64, lld-link)", e.getMessage());
    }
}

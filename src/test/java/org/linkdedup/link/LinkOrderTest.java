package org.linkdedup.link;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linkdedup.error.UsageException;
import org.linkdedup.link.LinkInput.Kind;
import org.linkdedup.link.LinkOrder.InputRange;

/** The link order: what its markers build, and what it refuses to be. */
class LinkOrderTest {
    private static final Path A = Path.of("a.o");
    private static final Path X = Path.of("x.a");
    private static final Path Y = Path.of("y.a");
    private static final Path Z = Path.of("z.a");

    private static LinkInput in(int index, Path path, boolean forced, int group) {
        return new LinkInput(index, path, Kind.UNKNOWN, forced, group);
    }

    @Test
    void markersGroupAndForce() {
        LinkOrder o = LinkOrder.builder().add(A).startGroup().add(X).add(Y).endGroup().wholeArchive(true).add(Z).build();
        assertEquals(List.of(in(0, A, false, LinkInput.NO_GROUP), in(1, X, false, 0), in(2, Y, false, 0), in(3, Z, true, LinkInput.NO_GROUP)),
                o.inputs());
        assertEquals(List.of(new InputRange(1, 2)), o.groups());
        assertEquals(Set.of(3), o.forced());
        assertEquals(List.of(A, X, Y, Z), o.paths());
    }

    @Test
    void wholeArchiveTurnsOffAndForceLoadIsOneInput() {
        LinkOrder o = LinkOrder.builder().wholeArchive(true).add(X).wholeArchive(false).add(Y)
                .add(Z, Kind.ARCHIVE, true).add(Path.of("w.a"), Kind.ARCHIVE, false).build();
        assertEquals(Set.of(0, 2), o.forced());
    }

    @Test
    void anObjectIsNeverMarkedLoadedWhole() {
        LinkOrder o = LinkOrder.builder().wholeArchive(true).add(A, Kind.OBJECT, false).add(Path.of("b.o"), Kind.OBJECT, true)
                .add(X, Kind.ARCHIVE, false).add(Y).build();
        assertEquals(Set.of(2, 3), o.forced(), "an archive, and an input of unknown kind, are");
        assertThrows(IllegalArgumentException.class, () -> new LinkInput(0, A, Kind.OBJECT, true, LinkInput.NO_GROUP));
    }

    @Test
    void anOpenGroupRunsToTheEndAndAnEmptyGroupIsNone() {
        assertEquals(List.of(new InputRange(1, 2)), LinkOrder.builder().add(A).startGroup().add(X).add(Y).build().groups());
        assertEquals(List.of(), LinkOrder.builder().add(A).startGroup().endGroup().add(X).build().groups());
        assertEquals(List.of(), LinkOrder.builder().add(A).startGroup().build().groups());
        LinkOrder two = LinkOrder.builder().startGroup().add(A).endGroup().add(X).startGroup().add(Y).add(Z).build();
        assertEquals(List.of(new InputRange(0, 0), new InputRange(2, 3)), two.groups());
        assertEquals(List.of(0, LinkInput.NO_GROUP, 1, 1), two.inputs().stream().map(LinkInput::group).toList());
    }

    @Test
    void unbalancedMarkersAreUsageErrors() {
        LinkOrder.Builder b = LinkOrder.builder().startGroup().add(X);
        assertEquals("nested --start-group", assertThrows(UsageException.class, b::startGroup).getMessage());
        assertEquals("--end-group without --start-group",
                assertThrows(UsageException.class, () -> LinkOrder.builder().add(X).endGroup()).getMessage());
    }

    @Test
    void discardingTheOpenGroupLeavesItsInputsUngrouped() {
        LinkOrder o = LinkOrder.builder().startGroup().add(X).discardOpenGroup().startGroup().add(Y).add(Z).endGroup().build();
        assertEquals(List.of(new InputRange(1, 2)), o.groups());
        assertEquals(LinkInput.NO_GROUP, o.get(0).group());
        assertFalse(LinkOrder.builder().startGroup().discardOpenGroup().inGroup());
    }

    @Test
    void pathsAloneAreAPlainOrder() {
        LinkOrder o = LinkOrder.of(List.of(A, X));
        assertEquals(List.of(in(0, A, false, LinkInput.NO_GROUP), in(1, X, false, LinkInput.NO_GROUP)), o.inputs());
        assertEquals(List.of(), o.groups());
        assertEquals(Set.of(), o.forced());
    }

    @Test
    void everyInputHasItsPositionAsIndex() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LinkOrder(List.of(in(0, A, false, -1), in(2, X, false, -1)), List.of()));
        assertEquals("input 1 (x.a) has index 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LinkOrder(List.of(in(1, A, false, -1)), List.of()));
        assertThrows(IllegalArgumentException.class, () -> in(-1, A, false, -1));
    }

    @Test
    void groupsLieInsideInOrderAndApart() {
        List<LinkInput> four = List.of(in(0, A, false, 0), in(1, X, false, 0), in(2, Y, false, 1), in(3, Z, false, 1));
        assertEquals(List.of(new InputRange(0, 1), new InputRange(2, 3)),
                new LinkOrder(four, List.of(new InputRange(0, 1), new InputRange(2, 3))).groups());
        assertEquals("groups 0..2 and 2..3 overlap", assertThrows(IllegalArgumentException.class,
                () -> new LinkOrder(four, List.of(new InputRange(0, 2), new InputRange(2, 3)))).getMessage());
        assertEquals("groups 2..3 and 0..1 are out of order", assertThrows(IllegalArgumentException.class,
                () -> new LinkOrder(four, List.of(new InputRange(2, 3), new InputRange(0, 1)))).getMessage());
        assertEquals("group 2..4 ends past the last input (3)", assertThrows(IllegalArgumentException.class,
                () -> new LinkOrder(four, List.of(new InputRange(0, 1), new InputRange(2, 4)))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InputRange(2, 1));
    }

    @Test
    void everyInputNamesTheGroupThatHoldsIt() {
        List<InputRange> one = List.of(new InputRange(1, 2));
        assertDoesNotThrow(() -> new LinkOrder(List.of(in(0, A, false, -1), in(1, X, false, 0), in(2, Y, false, 0)), one));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LinkOrder(List.of(in(0, A, false, -1), in(1, X, false, 0), in(2, Y, false, -1)), one));
        assertEquals("input 2 (y.a) says group -1, the groups [1..2] say 0", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new LinkOrder(List.of(in(0, A, false, 0), in(1, X, false, 0), in(2, Y, false, 0)), one));
        assertThrows(IllegalArgumentException.class,
                () -> new LinkOrder(List.of(in(0, A, false, -1), in(1, X, false, 1), in(2, Y, false, 1)), one));
    }

    @Test
    void linkOptionsReadTheOrder() {
        LinkOrder o = LinkOrder.builder().add(A).startGroup().add(X).add(Y).endGroup().wholeArchive(true).add(Z).build();
        LinkOptions options = LinkOptions.of(LinkerModel.GNU, true, o);
        assertEquals(LinkOptions.of(LinkerModel.GNU).withDeadStrip(true).withGroup(1, 2).withWholeArchive(3), options);
        assertTrue(options.isWholeArchive(3));
        assertFalse(options.isWholeArchive(2));
    }
}

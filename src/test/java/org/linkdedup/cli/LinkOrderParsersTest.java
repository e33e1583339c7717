package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.error.UsageException;
import org.linkdedup.exec.LinkCommand;
import org.linkdedup.link.LinkInput;
import org.linkdedup.link.LinkOrder;
import org.linkdedup.link.LinkOrder.InputRange;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;

/**
 * The two syntaxes of a link order, {@code check -- …} (and plan, apply) and the linker arguments of
 * {@code exec -- …}, make the same {@link LinkOrder} of the same markers.
 */
class LinkOrderParsersTest {
    @TempDir
    Path dir;

    private String a;
    private String x;
    private String y;
    private String z;

    @BeforeEach
    void files() throws Exception {
        byte[] elfRel = new byte[64];
        elfRel[0] = 0x7f;
        elfRel[1] = 'E';
        elfRel[2] = 'L';
        elfRel[3] = 'F';
        elfRel[4] = 2;
        elfRel[5] = 1;
        elfRel[16] = 1;   // ET_REL
        a = Files.write(dir.resolve("a.o"), elfRel).toString();
        x = Files.writeString(dir.resolve("x.a"), "!<arch>\n").toString();
        y = Files.writeString(dir.resolve("y.a"), "!<arch>\n").toString();
        z = Files.writeString(dir.resolve("z.a"), "!<arch>\n").toString();
    }

    private static LinkOrder check(String... tokens) {
        return LinkArgs.parse(List.of(tokens));
    }

    private LinkOrder exec(String... argv) throws Exception {
        return LinkCommand.parse(List.of(argv), dir).order();
    }

    /** {@code order} as {@code check} would have it: {@code exec} looked at the files, {@code check} does not. */
    private static LinkOrder kindsUnknown(LinkOrder order) {
        List<LinkInput> ins = new ArrayList<>();
        for (LinkInput in : order.inputs()) {
            ins.add(new LinkInput(in.index(), in.path(), LinkInput.Kind.UNKNOWN, in.forced(), in.group()));
        }
        return new LinkOrder(ins, order.groups());
    }

    @Test
    void driverPassThroughMarkersMakeTheSameOrder() throws Exception {
        LinkOrder fromCheck = check(a, "--start-group", x, y, "--end-group", "--whole-archive", z);
        LinkOrder fromExec = exec("cc", a, "-Wl,--start-group", x, y, "-Wl,--end-group", "-Wl,--whole-archive", z);
        assertEquals(fromCheck, kindsUnknown(fromExec));
        assertEquals(List.of(new InputRange(1, 2)), fromCheck.groups());
        assertEquals(List.of(LinkInput.NO_GROUP, 0, 0, LinkInput.NO_GROUP), fromCheck.inputs().stream().map(LinkInput::group).toList());
        assertEquals(java.util.Set.of(3), fromCheck.forced());
        assertEquals(List.of(LinkInput.Kind.OBJECT, LinkInput.Kind.ARCHIVE, LinkInput.Kind.ARCHIVE, LinkInput.Kind.ARCHIVE),
                fromExec.inputs().stream().map(LinkInput::kind).toList());
    }

    @Test
    void linkerShortFormsAndAnOpenGroupMakeTheSameOrder() throws Exception {
        LinkOrder fromCheck = check("--whole-archive", x, "--no-whole-archive", a, "-(", y, z);
        LinkOrder fromExec = exec("ld.lld", "--whole-archive", x, "--no-whole-archive", a, "-(", y, z, "-o", "app");
        assertEquals(fromCheck, kindsUnknown(fromExec));
        assertEquals(List.of(new InputRange(2, 3)), fromCheck.groups(), "an open group runs to the end");
        assertEquals(java.util.Set.of(0), fromCheck.forced());
    }

    @Test
    void anEmptyGroupIsNoGroupInEither() throws Exception {
        LinkOrder fromCheck = check(a, "--start-group", "--end-group", x, "-(");
        LinkOrder fromExec = exec("cc", a, "-Wl,--start-group,--end-group", x, "-Wl,-(");
        assertEquals(fromCheck, kindsUnknown(fromExec));
        assertEquals(List.of(), fromCheck.groups());
    }

    @Test
    void wholeArchiveOverAnObjectMarksOnlyWhatExecKnowsIsNoObject() throws Exception {
        LinkOrder fromCheck = check("--whole-archive", a, x);
        LinkOrder fromExec = exec("cc", "-Wl,--whole-archive", a, x);
        assertEquals(java.util.Set.of(0, 1), fromCheck.forced(), "check does not look: a.o may be an archive");
        assertEquals(java.util.Set.of(1), fromExec.forced(), "exec knows a.o is an object, which is loaded whole anyway");
    }

    @Test
    void checkRejectsWhatExecPassesOn() throws Exception {
        assertEquals("nested --start-group",
                assertThrows(UsageException.class, () -> check("--start-group", x, "-(", y)).getMessage());
        assertEquals("--end-group without --start-group",
                assertThrows(UsageException.class, () -> check(x, "-)")).getMessage());
        assertEquals("unknown option in the link order: -force_load (only --start-group, --end-group, --whole-archive,"
                + " --no-whole-archive are understood there)",
                assertThrows(UsageException.class, () -> check("-force_load", x)).getMessage());
        // exec leaves unbalanced groups to the linker: a nested start restarts the group, a stray end is passed over
        LinkOrder nested = exec("ld", "--start-group", x, "-start-group", y, z, "--end-group", "-end-group", a);
        assertEquals(List.of(new InputRange(1, 2)), nested.groups());
        LinkOrder loads = exec("ld64.lld", a, "-force_load", x, y, "-all_load", z);
        assertEquals(java.util.Set.of(1, 3), loads.forced());
    }

    @Test
    void markerErrorsExitTwoWithTheirMessage() {
        Cli.Result r = Cli.run("check", "--", x, "--end-group");
        assertEquals(2, r.exit(), r.err());
        assertEquals("linkdedup: --end-group without --start-group\n", r.err());
        Cli.Result frob = Cli.run("check", "--", x, "--frob");
        assertEquals(2, frob.exit(), frob.err());
    }

    @Test
    void planKeepsTheMembersOfAWrapperLoadedWhole() {
        Path mini = Fixtures.small("perry-mini/elf");
        Cli.Result r = Cli.run("plan", "--", mini.resolve("main.o"), "--whole-archive", mini.resolve("libperry_ext_http.a"),
                "--no-whole-archive", mini.resolve("libperry_stdlib.a"), mini.resolve("libperry_runtime.a"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("loaded whole (--whole-archive / -force_load)"), r.out());
        assertTrue(r.out().contains("dry run: 0 member(s) would be dropped"), r.out());
        Cli.Result plain = Cli.run("plan", mini.resolve("main.o"), mini.resolve("libperry_ext_http.a"),
                mini.resolve("libperry_stdlib.a"), mini.resolve("libperry_runtime.a"));
        assertTrue(plain.out().contains("dry run: 1 member(s) would be dropped"), plain.out());
    }
}

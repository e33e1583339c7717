package org.linkdedup.exec;

import java.util.Locale;
import java.util.Optional;
import org.linkdedup.link.LinkerModel;

/**
 * Which linker a link command runs, as far as its command line tells, and so which
 * {@link LinkerModel} imitates it. Empty means the command does not say (the driver's default
 * linker, or a program not known here): the caller chooses from the inputs.
 *
 * <p>A linker run directly is known by its program name (basename):
 * <ul>
 *   <li>lld, read the way lld's own dispatcher reads it: {@code -flavor F} as the first argument
 *       (before any response file is read) decides, else the first {@code -}-separated part of the
 *       name that names a flavor: {@code ld.lld}, {@code ld.lld-14}, {@code x86_64-linux-gnu-ld.lld}
 *       are ELF ({@code lld}), {@code ld64.lld}, {@code ld64.lld-19} are Mach-O ({@code lld-macho}).
 *       {@code rust-lld} and {@code lld} name no flavor and refuse to run without {@code -flavor}:
 *       empty. {@code wasm-ld}: empty.
 *   <li>COFF linkers ({@code lld-link}, {@code link.exe}, {@code -flavor link}; see
 *       {@link #isCoffLinker}): {@code lld-link} (lazy archives, the first archive in command-line
 *       order wins, members read in queue order, COFF COMDAT selections and weak externals; link.exe
 *       searches its libraries in order, repeatedly, to much the same effect). {@code /alternatename}
 *       and {@code .drectve} directives are not imitated.
 *   <li>mold ({@code mold}, {@code ld.mold}): {@code lld}, whose archive rules it follows.
 *   <li>GNU ({@code ld}, {@code ld.bfd}, {@code ld.gold}, {@code gold}, also target-prefixed):
 *       {@code gnu}.
 *   <li>any other {@code ld64} name (Apple's ld64, {@code ld64.mold}): {@code lld-macho}, as exec
 *       has always chosen for it.
 * </ul>
 *
 * <p>A compiler driver ({@code cc}, {@code gcc}, {@code clang-19}, {@code x86_64-linux-gnu-gcc}, …)
 * runs the linker its options name, checked against GCC 12 and Clang 14 and 19:
 * <ul>
 *   <li>the last {@code -fuse-ld=X} wins (both drivers; neither accepts {@code -fuse-ld X} as two
 *       arguments). {@code X} empty or {@code ld}: the default linker (empty). A name runs
 *       {@code ld.X} ({@code ld64.X} for an Apple target, as Clang does), which is then read as
 *       above: {@code lld}, {@code lld-14}, {@code mold} → {@code lld}; {@code bfd}, {@code gold}
 *       → {@code gnu}; on an Apple target {@code lld} → {@code lld-macho}. A path (Clang) runs that
 *       program: read by its name.
 *   <li>Clang's {@code --ld-path=PATH} (the last one) takes precedence over {@code -fuse-ld=}
 *       wherever either stands: PATH is read by its name; a name not known here counts as lld
 *       when the last {@code -fuse-ld=} is {@code lld} (Clang's documented way to say that the
 *       program is lld), else empty.
 *   <li>The target is Apple's when {@code -target T} / {@code --target=T} names an Apple triple,
 *       else when the program name is prefixed with one ({@code x86_64-apple-darwin-clang}), else,
 *       for a driver without a target prefix, when linkdedup itself runs on macOS.
 * </ul>
 * Options reach this from response files too: the command line is read after expanding them.
 */
record LinkerChoice(String program, String flavor, String fuseLd, String ldPath, String target) {

    /** Whether this process runs on macOS, where a driver without a target links for Apple. */
    static final boolean HOST_IS_APPLE = System.getProperty("os.name", "").startsWith("Mac");

    private enum Flavor { ELF, MACHO, COFF, OTHER }

    /** The model of a command whose program is {@link LinkCommand.Tool tool}. */
    Optional<LinkerModel> model(LinkCommand.Tool tool, boolean hostIsApple) {
        if (tool != LinkCommand.Tool.DRIVER) {
            LinkerModel m = ofProgram(basename(program), flavor);
            if (m == null && tool == LinkCommand.Tool.LD64) {
                m = LinkerModel.LLD_MACHO;
            }
            return Optional.ofNullable(m);
        }
        boolean apple = appleTarget(hostIsApple);
        if (ldPath != null) {
            if (ldPath.isEmpty()) {
                return Optional.empty();    // Clang rejects it and falls back to its default linker
            }
            LinkerModel m = ofProgram(basename(ldPath), null);
            if (m == null && "lld".equals(fuseLd)) {
                m = apple ? LinkerModel.LLD_MACHO : LinkerModel.LLD;
            }
            return Optional.ofNullable(m);
        }
        if (fuseLd == null || fuseLd.isEmpty() || fuseLd.equals("ld")) {
            return Optional.empty();
        }
        if (fuseLd.contains("/")) {
            return Optional.ofNullable(ofProgram(basename(fuseLd), null));
        }
        return Optional.ofNullable(ofProgram((apple ? "ld64." : "ld.") + fuseLd, null));
    }

    /**
     * The model of the linker program called {@code name} (a basename), or null when the name
     * does not tell. {@code flavor} is lld's {@code -flavor} value, or null.
     */
    static LinkerModel ofProgram(String name, String flavor) {
        if (isCoffLinker(name, flavor)) {
            return LinkerModel.LLD_LINK;
        }
        if (isLld(name)) {
            Flavor f = flavor != null ? flavorOf(flavor) : flavorOfName(name);
            return f == Flavor.ELF ? LinkerModel.LLD : f == Flavor.MACHO ? LinkerModel.LLD_MACHO : null;
        }
        if (name.contains("ld64")) {
            return null;
        }
        if (name.equals("mold") || name.equals("ld.mold") || name.endsWith("-mold") || name.endsWith("-ld.mold")) {
            return LinkerModel.LLD;
        }
        for (String gnu : new String[] {"ld", "ld.bfd", "ld.gold", "gold"}) {
            if (name.equals(gnu) || name.endsWith("-" + gnu)) {
                return LinkerModel.GNU;
            }
        }
        return null;
    }

    /**
     * A COFF linker with link.exe's command line: {@code lld-link} (also versioned,
     * {@code lld-link-19}), {@code link}, any of them with {@code .exe} and in any case, or an lld
     * program whose {@code -flavor} is {@code link}. {@code name} is a basename (a Windows path's
     * last {@code \\}-separated part is taken too).
     */
    static boolean isCoffLinker(String name, String flavor) {
        String n = name.substring(name.lastIndexOf('\\') + 1).toLowerCase(Locale.ROOT);
        if (n.endsWith(".exe")) {
            n = n.substring(0, n.length() - 4);
        }
        if (n.equals("link")) {
            return true;
        }
        if (!isLld(n)) {
            return false;
        }
        return (flavor != null ? flavorOf(flavor) : flavorOfName(n)) == Flavor.COFF;
    }

    /** A program of lld's: its flavor comes from {@code -flavor} or its name. */
    static boolean isLld(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("lld") || n.equals("wasm-ld") || n.endsWith("-wasm-ld");
    }

    /** lld's reading of its program name: the first {@code -}-separated part that names a flavor. */
    private static Flavor flavorOfName(String name) {
        for (String part : name.split("-")) {
            Flavor f = flavorOf(part);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static Flavor flavorOf(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "ld", "ld.lld", "gnu" -> Flavor.ELF;
            case "ld64", "ld64.lld", "darwin" -> Flavor.MACHO;
            case "link" -> Flavor.COFF;
            case "wasm", "ld-wasm" -> Flavor.OTHER;
            default -> null;
        };
    }

    private boolean appleTarget(boolean hostIsApple) {
        if (target != null) {
            return isAppleTriple(target);
        }
        String name = basename(program);
        if (isAppleTriple(name)) {
            return true;
        }
        // x86_64-linux-gnu-gcc, aarch64-linux-gnu-clang: a target prefix that is not Apple's.
        boolean prefixed = name.chars().filter(c -> c == '-').count() >= 2;
        return !prefixed && hostIsApple;
    }

    private static boolean isAppleTriple(String s) {
        return s.contains("-apple-") || s.contains("darwin");
    }

    static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}

package org.linkdedup.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.linkdedup.io.FileMagic;
import org.linkdedup.link.LinkInput;
import org.linkdedup.link.LinkOrder;
import org.linkdedup.link.LinkerModel;

/**
 * A link command line understood well enough to find its inputs in order and substitute archives:
 * compiler drivers ({@code cc}, {@code gcc}, {@code clang}, …) and linkers ({@code ld}, {@code ld.lld},
 * {@code ld64.lld}, …). Handles {@code @response} files, {@code -Wl,} and {@code -Xlinker}
 * pass-through, {@code -L}/{@code -l} (resolved to {@code lib<name>.a} in the {@code -L} directories,
 * in order, static only; {@code -l:file} as named), {@code --start-group}/{@code --end-group},
 * {@code --whole-archive}, {@code -force_load}, {@code -all_load}, {@code -filelist}, {@code -o}.
 * A {@code -l} that names no static archive in the {@code -L} directories (a system or shared
 * library) is left alone and is not an input here. {@link #model()} tells which linker the command
 * runs.
 */
public final class LinkCommand {
    public enum Tool { DRIVER, GNU_LD, LLD, LD64, /** lld-link, link.exe: link.exe's command line */ LINK }

    /**
     * How an input appears on the command line, for substitution: the argument itself, a
     * {@code -l} (attached or separate), or the value of a COFF option ({@code /defaultlib:},
     * {@code /wholearchive:}), whose {@code /name:} part is kept.
     */
    enum Form { PATH, LIB_ATTACHED, LIB_SEPARATE, OPTION_VALUE }

    /**
     * Where an input of the link order is named on the command line, for substitution.
     *
     * @param arg  index of the argument that names it, or -1 for an input from a {@code -filelist}
     * @param part index inside a {@code -Wl,} list, or -1
     */
    private record Site(int arg, int part, Form form) {
    }

    /** A later mention of input {@code input} (lld-link reads a file once): substituted with it. */
    private record Alias(int input, Site site) {
    }

    private static final Set<String> DRIVER_VALUE_OPTIONS = Set.of("-x", "-MF", "-MT", "-MQ", "-I", "-D", "-U",
            "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-iprefix", "-iwithprefix", "-target",
            "-arch", "-B", "--sysroot", "-isysroot", "-Xassembler", "-Xpreprocessor", "-Xclang", "-aux-info",
            "-framework", "-install_name", "-bundle_loader", "-specs", "--param", "-dumpdir", "-dumpbase");
    private static final Set<String> DRIVER_LINK_OPTIONS = Set.of("-T", "-e", "-u", "-z", "-force_load", "-all_load",
            "-dead_strip", "-filelist");
    private static final Map<String, Integer> LINKER_VALUE_OPTIONS = new HashMap<>();

    static {
        for (String o : List.of("-T", "-e", "-m", "-z", "-u", "-y", "-Map", "-soname", "-h", "-rpath", "-rpath-link",
                "-R", "--script", "--version-script", "--dynamic-linker", "-dynamic-linker", "-plugin", "-plugin-opt",
                "-F", "-f", "--defsym", "-Y", "-G", "-Ttext", "-Tdata", "-Tbss", "--exclude-libs", "--undefined",
                "--entry", "--wrap", "-wrap", "--trace-symbol", "--just-symbols", "-A", "-b", "--format",
                "-arch", "-syslibroot", "-framework", "-weak_framework", "-install_name", "-exported_symbols_list",
                "-unexported_symbols_list", "-lto_library", "-object_path_lto", "-headerpad", "-macos_version_min",
                "-ios_version_min", "-sdk_version", "-current_version", "-compatibility_version", "-order_file",
                "-map", "-weak_library", "-reexport_library", "-upward_library", "-bundle_loader", "-mllvm", "-flavor")) {
            LINKER_VALUE_OPTIONS.put(o, 1);
        }
        LINKER_VALUE_OPTIONS.put("-platform_version", 3);
        LINKER_VALUE_OPTIONS.put("-sectcreate", 3);
        LINKER_VALUE_OPTIONS.put("-segprot", 3);
    }

    private final List<String> args;
    private final Tool tool;
    private final boolean usedResponseFiles;
    private final List<Path> responseFiles;
    private final LinkOrder order;
    /** Where input {@code i} of {@link #order} is named. */
    private final List<Site> sites;
    private final List<Alias> aliases;
    private final Path output;
    private final boolean deadStrip;
    private final LinkerChoice linker;

    private LinkCommand(List<String> args, Tool tool, String flavor, List<Path> responseFiles, Parser p) {
        this.args = List.copyOf(args);
        this.tool = tool;
        this.usedResponseFiles = !responseFiles.isEmpty();
        this.responseFiles = List.copyOf(responseFiles);
        this.order = p.order.build();
        this.sites = List.copyOf(p.sites);
        this.aliases = List.copyOf(p.aliases);
        this.output = p.output;
        this.deadStrip = p.deadStrip;
        this.linker = new LinkerChoice(args.get(0), flavor, p.fuseLd, p.ldPath, p.target);
    }

    /** Parses {@code argv} ({@code argv[0]} is the driver or linker) relative to {@code cwd}. */
    public static LinkCommand parse(List<String> argv, Path cwd) throws IOException {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no link command");
        }
        List<Path> read = new ArrayList<>();
        List<String> expanded = ResponseFiles.expand(argv, cwd, read);
        String flavor = flavorOf(argv);
        Tool tool = toolOf(argv.get(0), flavor);
        Parser dirs = new Parser(cwd, tool, null, false);
        dirs.run(expanded);
        Parser p = new Parser(cwd, tool, dirs.libDirs, dirs.wholeAll);
        p.run(expanded);
        return new LinkCommand(expanded, tool, flavor, read, p);
    }

    /**
     * lld's {@code -flavor} value: only as the first argument of an lld program, and read before
     * any response file is expanded (as lld reads it); null when there is none.
     */
    private static String flavorOf(List<String> argv) {
        if (argv.size() < 2 || !argv.get(1).equals("-flavor") || !LinkerChoice.isLld(LinkerChoice.basename(argv.get(0)))) {
            return null;
        }
        return argv.size() > 2 ? argv.get(2) : "";
    }

    static Tool toolOf(String program, String flavor) {
        String name = Path.of(program).getFileName().toString();
        if (LinkerChoice.isCoffLinker(name, flavor)) {
            return Tool.LINK;
        }
        if (LinkerChoice.isLld(name)) {
            return LinkerChoice.ofProgram(name, flavor) == LinkerModel.LLD_MACHO ? Tool.LD64 : Tool.LLD;
        }
        if (name.contains("ld64")) {
            return Tool.LD64;
        }
        if (name.contains("mold")) {
            return Tool.LLD;
        }
        if (name.equals("ld") || name.startsWith("ld.") || name.endsWith("-ld") || name.contains("-ld.")
                || name.equals("gold") || name.endsWith("-gold")) {
            return Tool.GNU_LD;
        }
        return Tool.DRIVER;
    }

    public Tool tool() {
        return tool;
    }

    /**
     * The model of the linker this command runs, when its command line names one: the program
     * itself, or for a compiler driver its last {@code -fuse-ld=} and Clang's {@code --ld-path=}
     * (see {@link LinkerChoice} for every rule, each checked against GCC and Clang). Empty when the
     * command does not tell (a driver's default linker, an unknown program): choose from the inputs,
     * {@link LinkerModel#forInputs}.
     */
    public Optional<LinkerModel> model() {
        return model(LinkerChoice.HOST_IS_APPLE);
    }

    /** {@link #model()} as if this process ran on macOS ({@code hostIsApple}) or not. */
    Optional<LinkerModel> model(boolean hostIsApple) {
        return linker.model(tool, hostIsApple);
    }

    /** The command line with response files expanded. */
    public List<String> args() {
        return args;
    }

    public boolean usedResponseFiles() {
        return usedResponseFiles;
    }

    /** The response files the command line read, nested ones included: no output may replace them. */
    public List<Path> responseFiles() {
        return responseFiles;
    }

    /**
     * The objects and archives of the link in command-line order (paths resolved against the working
     * directory, kinds known), with its groups and what it loads whole.
     */
    public LinkOrder order() {
        return order;
    }

    public Path output() {
        return output;
    }

    public boolean deadStrip() {
        return deadStrip;
    }

    /** The command line with input {@code i} replaced by {@code replacements.get(i)}. */
    public List<String> rewrite(Map<Integer, Path> replacements) {
        List<List<String>> parts = new ArrayList<>(args.size());
        for (String a : args) {
            parts.add(a.startsWith("-Wl,") ? new ArrayList<>(List.of(a.substring(4).split(",", -1))) : null);
        }
        String[] out = args.toArray(new String[0]);
        boolean[] removed = new boolean[args.size()];
        List<Map.Entry<Site, Path>> substitutions = new ArrayList<>();
        for (Map.Entry<Integer, Path> e : replacements.entrySet()) {
            substitutions.add(Map.entry(sites.get(e.getKey()), e.getValue()));
            for (Alias a : aliases) {
                if (a.input() == e.getKey()) {
                    substitutions.add(Map.entry(a.site(), e.getValue()));
                }
            }
        }
        for (Map.Entry<Site, Path> e : substitutions) {
            Site site = e.getKey();
            String path = e.getValue().toString();
            if (site.form() == Form.OPTION_VALUE) {
                String option = args.get(site.arg());
                out[site.arg()] = option.substring(0, option.indexOf(':') + 1) + path;
                continue;
            }
            if (site.arg() < 0) {
                throw new org.linkdedup.error.UsageException(order.get(indexOf(site)).path() + " comes from a -filelist; linkdedup"
                        + " cannot substitute inputs listed in a file list: pass archives on the command line");
            }
            if (site.part() >= 0) {
                List<String> ps = parts.get(site.arg());
                ps.set(site.part(), path);
                if (site.form() == Form.LIB_SEPARATE) {
                    ps.set(site.part() - 1, null);
                }
            } else {
                out[site.arg()] = path;
                if (site.form() == Form.LIB_SEPARATE) {
                    removed[site.arg() - 1] = true;
                }
            }
        }
        List<String> result = new ArrayList<>(args.size());
        for (int i = 0; i < out.length; i++) {
            if (removed[i]) {
                continue;
            }
            List<String> ps = parts.get(i);
            if (ps != null) {
                StringBuilder sb = new StringBuilder("-Wl");
                for (String s : ps) {
                    if (s != null) {
                        sb.append(',').append(s);
                    }
                }
                result.add(sb.toString());
            } else {
                result.add(out[i]);
            }
        }
        return result;
    }

    private int indexOf(Site site) {
        return sites.indexOf(site);
    }

    /**
     * Walks the arguments once; the first walk only collects -L directories (and for a COFF
     * linker {@code /libpath:} and {@code /wholearchive}).
     */
    private static final class Parser {
        final Path cwd;
        final Tool tool;
        final List<Path> libDirsKnown;     // null on the first walk
        final List<Path> libDirs = new ArrayList<>();
        final LinkOrder.Builder order = LinkOrder.builder();
        final List<Site> sites = new ArrayList<>();
        final List<Alias> aliases = new ArrayList<>();
        Path output;
        boolean deadStrip;
        boolean allLoad;
        // The driver's linker choice: the last -fuse-ld= and --ld-path= values, the -target/--target=.
        String fuseLd;
        String ldPath;
        String target;
        // A linker option waiting for values: its name and how many values are still to come.
        String pending;
        int pendingLeft;
        int pendingArg;
        int pendingPart;

        // COFF (lld-link): bare /wholearchive anywhere, /defaultlib: values in order, /nodefaultlib,
        // the files read so far (by real path: lld-link reads a file once) and their input index.
        boolean wholeAll;
        final boolean wholeAllKnown;
        final List<Map.Entry<String, Integer>> defaultLibs = new ArrayList<>();
        final Set<String> noDefaultLibs = new java.util.HashSet<>();
        boolean noDefaultLibAll;
        final Map<Path, Integer> seen = new HashMap<>();

        Parser(Path cwd, Tool tool, List<Path> libDirsKnown, boolean wholeAllKnown) {
            this.cwd = cwd;
            this.tool = tool;
            this.libDirsKnown = libDirsKnown;
            this.wholeAllKnown = wholeAllKnown;
        }

        void run(List<String> a) throws IOException {
            if (tool == Tool.LINK) {
                coff(a);
                return;
            }
            for (int i = 1; i < a.size(); i++) {
                String t = a.get(i);
                if (tool != Tool.DRIVER) {
                    linker(t, i, -1);
                    continue;
                }
                if (pending != null) {
                    linker(t, i, -1);
                } else if (t.startsWith("-Wl,")) {
                    String[] ps = t.substring(4).split(",", -1);
                    for (int k = 0; k < ps.length; k++) {
                        linker(ps[k], i, k);
                    }
                } else if (t.equals("-Xlinker") && i + 1 < a.size()) {
                    i++;
                    linker(a.get(i), i, -1);
                } else if (t.startsWith("-fuse-ld=")) {
                    fuseLd = t.substring(9);
                } else if (t.startsWith("--ld-path=")) {
                    ldPath = t.substring(10);
                } else if (t.startsWith("--target=")) {
                    target = t.substring(9);
                } else if (t.equals("-target") && i + 1 < a.size()) {
                    target = a.get(++i);
                } else if (DRIVER_VALUE_OPTIONS.contains(t)) {
                    i++;
                } else if (t.startsWith("-l") || t.startsWith("-L") || t.startsWith("-o")
                        || DRIVER_LINK_OPTIONS.contains(t) || !t.startsWith("-") || t.equals("-")) {
                    linker(t, i, -1);
                }
            }
        }

        private void linker(String t, int arg, int part) throws IOException {
            if (pending != null) {
                value(t, arg, part);
                return;
            }
            switch (t) {
                // The linker reports unbalanced groups itself: a nested start restarts the group, a
                // stray end is passed over.
                case "--start-group", "-(", "-start-group" -> order.discardOpenGroup().startGroup();
                case "--end-group", "-)", "-end-group" -> {
                    if (order.inGroup()) {
                        order.endGroup();
                    }
                }
                case "--whole-archive", "-whole-archive" -> order.wholeArchive(true);
                case "--no-whole-archive", "-no-whole-archive" -> order.wholeArchive(false);
                case "-all_load" -> allLoad = true;
                case "-dead_strip", "--gc-sections" -> deadStrip = true;
                case "-l", "--library", "-L", "--library-path", "-o", "--output", "-force_load", "-filelist" ->
                        expect(t, 1, arg, part);
                default -> {
                    if (t.startsWith("--library=")) {
                        library(t.substring(10), arg, part, Form.LIB_ATTACHED);
                    } else if (t.startsWith("--library-path=")) {
                        libDirs.add(cwd.resolve(t.substring(15)));
                    } else if (t.startsWith("--output=")) {
                        output = cwd.resolve(t.substring(9));
                    } else if (t.startsWith("-l") && t.length() > 2) {
                        library(t.substring(2), arg, part, Form.LIB_ATTACHED);
                    } else if (t.startsWith("-L") && t.length() > 2) {
                        libDirs.add(cwd.resolve(t.substring(2)));
                    } else if (t.startsWith("-o") && t.length() > 2 && tool != Tool.LD64) {
                        output = cwd.resolve(t.substring(2));
                    } else if (LINKER_VALUE_OPTIONS.containsKey(t)) {
                        expect(t, LINKER_VALUE_OPTIONS.get(t), arg, part);
                    } else if (!t.startsWith("-") && !t.isEmpty()) {
                        file(cwd.resolve(t), arg, part, Form.PATH, false);
                    }
                }
            }
        }

        /**
         * link.exe's command line, as lld-link reads it: options start with {@code /} or {@code -},
         * their names in any case, values after a colon; an argument starting with {@code /} that
         * is no option name (it has a {@code .} or a further {@code /} before any colon) is a path,
         * as lld-link takes it. A file is looked up in the working directory, then the
         * {@code /libpath:} directories in order (a name without a dot also with {@code .obj});
         * {@code /defaultlib:} names (with {@code .lib} added when they have no dot) are looked up
         * the same way and come after every other input, unless {@code /nodefaultlib} or
         * {@code /nodefaultlib:} names them. A file named again is read once, where first named.
         * The {@code LIB} environment variable is not searched.
         */
        private void coff(List<String> a) throws IOException {
            int start = 1;
            if (a.size() > 1 && a.get(1).equals("-flavor")) {
                start = 3;      // rust-lld -flavor link: read by the dispatcher, no input
            }
            for (int i = start; i < a.size(); i++) {
                String t = a.get(i);
                if (!isCoffOption(t)) {
                    if (!t.isEmpty()) {
                        coffFile(findFile(t), i, Form.PATH, false);
                    }
                    continue;
                }
                String body = t.substring(1);
                int colon = body.indexOf(':');
                String name = (colon < 0 ? body : body.substring(0, colon)).toLowerCase(java.util.Locale.ROOT);
                String value = colon < 0 ? null : body.substring(colon + 1);
                switch (name) {
                    case "out" -> {
                        if (value != null) {
                            output = cwd.resolve(value);
                        }
                    }
                    case "libpath" -> {
                        if (value != null) {
                            libDirs.add(cwd.resolve(value));
                        }
                    }
                    case "defaultlib" -> {
                        if (value != null) {
                            defaultLibs.add(Map.entry(value, i));
                        }
                    }
                    case "nodefaultlib" -> {
                        if (value == null) {
                            noDefaultLibAll = true;
                        } else {
                            noDefaultLibs.add(findLib(value).toString().toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                    case "wholearchive" -> {
                        if (value == null) {
                            wholeAll = true;
                        } else {
                            coffFile(findFile(value), i, Form.OPTION_VALUE, true);
                        }
                    }
                    default -> {
                        // an option that names no input
                    }
                }
            }
            if (noDefaultLibAll) {
                return;
            }
            Set<String> visited = new java.util.HashSet<>();
            for (Map.Entry<String, Integer> d : defaultLibs) {
                if (!visited.add(d.getKey().toLowerCase(java.util.Locale.ROOT))) {
                    continue;
                }
                Path p = findLib(d.getKey());
                if (!noDefaultLibs.contains(p.toString().toLowerCase(java.util.Locale.ROOT))) {
                    coffFile(p, d.getValue(), Form.OPTION_VALUE, false);
                }
            }
        }

        private static boolean isCoffOption(String t) {
            if (t.length() < 2) {
                return false;
            }
            if (t.charAt(0) == '-') {
                return true;
            }
            if (t.charAt(0) != '/') {
                return false;
            }
            int colon = t.indexOf(':');
            String name = colon < 0 ? t.substring(1) : t.substring(1, colon);
            return !name.isEmpty() && name.indexOf('/') < 0 && name.indexOf('.') < 0;
        }

        /** lld-link's search: absolute as is; else the working directory, then each {@code /libpath:}. */
        private Path findFile(String name) {
            Path given = Path.of(name);
            if (given.isAbsolute() || libDirsKnown == null) {
                return cwd.resolve(given);
            }
            boolean hasExt = name.contains(".");
            List<Path> dirs = new ArrayList<>();
            dirs.add(cwd);
            dirs.addAll(libDirsKnown);
            for (Path d : dirs) {
                Path p = d.resolve(name);
                if (Files.exists(p)) {
                    return p;
                }
                if (!hasExt && Files.exists(d.resolve(name + ".obj"))) {
                    return d.resolve(name + ".obj");
                }
            }
            return cwd.resolve(name);
        }

        private Path findLib(String name) {
            return findFile(name.contains(".") ? name : name + ".lib");
        }

        private void coffFile(Path p, int arg, Form form, boolean whole) throws IOException {
            if (libDirsKnown == null) {
                return;
            }
            Path key = Files.exists(p) ? p.toRealPath() : p.normalize();
            Integer first = seen.get(key);
            if (first != null) {
                aliases.add(new Alias(first, new Site(arg, -1, form)));
                return;
            }
            LinkInput.Kind k = kindOf(p);
            if (k == null) {
                return;
            }
            seen.put(key, sites.size());
            order.add(p, k, whole || wholeAllKnown);
            sites.add(new Site(arg, -1, form));
        }

        private void expect(String option, int values, int arg, int part) {
            pending = option;
            pendingLeft = values;
            pendingArg = arg;
            pendingPart = part;
        }

        private void value(String v, int arg, int part) throws IOException {
            String option = pending;
            if (--pendingLeft == 0) {
                pending = null;
            }
            switch (option) {
                case "-l", "--library" -> library(v, arg, part, Form.LIB_SEPARATE);
                case "-L", "--library-path" -> libDirs.add(cwd.resolve(v));
                case "-o", "--output" -> output = cwd.resolve(v);
                case "-force_load" -> file(cwd.resolve(v), arg, part, Form.PATH, true);
                case "-filelist" -> {
                    String[] fd = v.split(",", 2);
                    Path list = cwd.resolve(fd[0]);
                    Path base = fd.length > 1 ? cwd.resolve(fd[1]) : cwd;
                    if (libDirsKnown != null && Files.isRegularFile(list)) {
                        for (String line : Files.readAllLines(list)) {
                            if (!line.isBlank()) {
                                // Inputs from a file list cannot be substituted in place: arg -1.
                                file(base.resolve(line.trim()), -1, -1, Form.PATH, false);
                            }
                        }
                    }
                }
                default -> {
                    // a value of an option we only step over
                }
            }
        }

        private void library(String name, int arg, int part, Form form) throws IOException {
            if (libDirsKnown == null) {
                return;
            }
            String file = name.startsWith(":") ? name.substring(1) : "lib" + name + ".a";
            for (Path dir : libDirsKnown) {
                Path p = dir.resolve(file);
                if (Files.isRegularFile(p)) {
                    file(p, arg, part, form, false);
                    return;
                }
            }
        }

        private void file(Path p, int arg, int part, Form form, boolean forceLoad) throws IOException {
            if (libDirsKnown == null) {
                return;
            }
            LinkInput.Kind k = kindOf(p);
            if (k == null) {
                return;
            }
            order.add(p, k, forceLoad || allLoad);
            sites.add(new Site(arg, part, form));
        }
    }

    /**
     * Archives and relocatable objects (ELF, Mach-O, bitcode, COFF) are inputs; shared objects, scripts,
     * sources and other files (a COFF import object on its own, a .res) are not: null.
     */
    private static LinkInput.Kind kindOf(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            return null;
        }
        return switch (FileMagic.of(p)) {
            case ARCHIVE -> LinkInput.Kind.ARCHIVE;
            case ELF -> isRelocatableElf(p) ? LinkInput.Kind.OBJECT : null;
            case MACHO, BITCODE, COFF -> LinkInput.Kind.OBJECT;
            case MACHO_UNIVERSAL, COFF_IMPORT, WASM, OTHER -> null;
        };
    }

    /** {@code e_type} is {@code ET_REL}: an ELF shared object or executable is not an input here. */
    private static boolean isRelocatableElf(Path p) throws IOException {
        byte[] h = new byte[18];
        int n;
        try (InputStream in = Files.newInputStream(p)) {
            n = in.readNBytes(h, 0, h.length);
        }
        if (n < h.length) {
            return false;
        }
        int type = h[5] == 2 ? (h[16] & 0xff) << 8 | (h[17] & 0xff) : (h[17] & 0xff) << 8 | (h[16] & 0xff);
        return type == 1;
    }
}

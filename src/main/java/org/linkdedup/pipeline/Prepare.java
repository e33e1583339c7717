package org.linkdedup.pipeline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.cache.DamagedEntryException;
import org.linkdedup.cache.Digests;
import org.linkdedup.cache.Fingerprints;
import org.linkdedup.cache.Fingerprints.Fingerprint;
import org.linkdedup.cache.ResultCache;
import org.linkdedup.io.ByteStrings;
import org.linkdedup.io.Parallel;
import org.linkdedup.link.LinkInput;
import org.linkdedup.link.LinkOrder;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.plan.PlanOptions;

/**
 * The dedup run of {@code apply} and {@code exec} through the prepared-result cache: {@link #of}
 * computes the key (the tool, every option that decides the result, each input as given, its real
 * path and its content hash) and serves the {@link Prepared} value of a stored entry, or runs
 * {@link Dedup} and renders it; {@link #apply} then gives the outputs, which a hit copies out of the
 * entry and a miss writes from the inputs and stores, both through the same guard and staged writes.
 *
 * <p>What the key holds: the format of the key; the tool ({@code toolVersion} and the content checksum of
 * the jar, or a digest of the class directory's names, sizes and times when not run from a jar);
 * the linker model asked for (or {@code auto}), {@code --dead-strip}, whether the link is verified
 * and under every model ({@code --json}); the provider's index, the crates, {@code --shared-deps},
 * {@code --rewrite}, the {@code --localize} names; the link order with its groups and
 * whole-archive inputs; and for each input its path as given, its real path and its content checksum
 * ({@link Fingerprints}, {@link org.linkdedup.cache.Digests#content}). The member files of thin archives are found by reading them: their
 * real paths and hashes are stored in the entry and checked on a hit.
 *
 * <p>A miss is stored only when every input (and thin member) is still the file that was hashed
 * after the run: the same stat, and the same hash when its times were too recent to tell.
 */
public final class Prepare {
    private static final String KEY_FORMAT = "linkdedup prepared result 1";

    /**
     * Where the cache is and which tool fills it.
     *
     * @param dir         the cache directory, or null for no cache ({@code --no-cache})
     * @param maxBytes    the size limit of its entries
     * @param toolVersion the version string of this linkdedup
     * @param toolCode    the jar (or class directory) this linkdedup runs from, or null when unknown
     */
    public record Settings(Path dir, long maxBytes, String toolVersion, Path toolCode) {
        public static Settings none() {
            return new Settings(null, 0, "", null);
        }
    }

    /** Renders a computed run (the {@code report} package's work, handed in by the command). */
    @FunctionalInterface
    public interface Render {
        Prepared.Texts texts(Dedup run) throws IOException;
    }

    private final Settings settings;
    private final PlanOptions options;
    private final LinkerModel model;
    private final boolean deadStrip;
    private final boolean verify;
    private final boolean everyModel;
    private final Render render;
    private final List<String> notes = new ArrayList<>();
    private ResultCache cache;
    private String key;
    private List<Fingerprint> inputPrints = List.of();
    private Prepared prepared;
    private Dedup run;
    private ResultCache.Entry hit;

    private Prepare(Settings settings, PlanOptions options, LinkerModel model, boolean deadStrip, boolean verify,
            boolean everyModel, Render render) {
        this.settings = settings;
        this.options = options;
        this.model = model;
        this.deadStrip = deadStrip;
        this.verify = verify;
        this.everyModel = everyModel;
        this.render = render;
        this.cache = settings.dir() == null ? null : ResultCache.open(settings.dir(), settings.maxBytes());
    }

    /**
     * The prepared result of the dedup run {@link Dedup#of} would make with these arguments: from the
     * cache when it holds it, else computed (and rendered by {@code render}).
     */
    public static Prepare of(Settings settings, PlanOptions options, LinkerModel model, boolean deadStrip, boolean verify,
            boolean everyModel, Render render) throws IOException {
        Prepare p = new Prepare(settings, options, model, deadStrip, verify, everyModel, render);
        p.lookUp();
        if (p.prepared == null) {
            p.compute();
        }
        return p;
    }

    public Prepared prepared() {
        return prepared;
    }

    /** The computed run, or empty when the result came from the cache. */
    public Optional<Dedup> run() {
        return Optional.ofNullable(run);
    }

    /** Whether the result came from the cache. */
    public boolean fromCache() {
        return hit != null;
    }

    /** The cache key, or null without a cache (or when it could not be computed). */
    public String key() {
        return key;
    }

    /** What the cache did, for {@code -v}: hit or miss, damaged entries, stores. */
    public List<String> notes() {
        List<String> out = new ArrayList<>(notes);
        if (cache != null) {
            out.addAll(cache.notes());
        }
        return out;
    }

    /** The outputs in {@code outDir} (and {@code linkOrderFile}), checked by the guard ({@link Apply#prepare}). */
    public Apply apply(Path outDir, Path linkOrderFile, Collection<Path> otherReads) {
        return Apply.prepare(this, outDir, linkOrderFile, otherReads);
    }

    private void lookUp() {
        if (cache == null) {
            return;
        }
        try {
            key = computeKey();
        } catch (IOException | RuntimeException e) {
            notes.add("cache not used: " + e.getMessage());
            cache = null;
            key = null;
            return;
        }
        Optional<ResultCache.Entry> e = cache.get(key);
        if (e.isEmpty()) {
            notes.add("cache miss (key " + key + ")");
            return;
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(e.get().payload()));
            Prepared p = Prepared.fromBytes(in);
            int deps = in.readInt();
            for (int i = 0; i < deps; i++) {
                Path dep = Path.of(Prepared.readString(in));
                String sha = Prepared.readString(in);
                String now;
                try {
                    now = cache.fingerprints().of(dep).content();
                } catch (IOException gone) {
                    now = null;
                }
                if (!sha.equals(now)) {
                    notes.add("cache miss (key " + key + "): thin archive member " + dep + " changed");
                    return;
                }
            }
            if (p.changed().size() != e.get().files().size()) {
                throw new IOException("the entry stores " + e.get().files().size() + " archive(s), not " + p.changed().size());
            }
            prepared = p;
            hit = e.get();
            notes.add("cache hit (key " + key + ")");
        } catch (IOException | RuntimeException bad) {
            e.get().remove("its payload cannot be read: " + bad.getMessage());
        }
    }

    private void compute() throws IOException {
        run = Dedup.of(options, model, deadStrip, verify, everyModel);
        prepared = Prepared.of(run, render.texts(run));
        hit = null;
    }

    /** After a damaged entry: removed, and the result computed from the inputs instead. */
    void damaged(DamagedEntryException e) throws IOException {
        hit.remove(e.getMessage());
        compute();
    }

    ResultCache.Entry hit() {
        return hit;
    }

    Dedup computed() {
        return run;
    }

    /**
     * Stores a computed result that writes no archive (exec with nothing to drop or rewrite runs
     * the command unchanged): the next run of the same link is a hit too. Nothing for a hit.
     */
    public void storeWithoutOutputs() {
        if (prepared.changed().isEmpty()) {
            ResultCache.Pending pending = begin();
            if (pending != null) {
                publish(pending);
            }
        }
    }

    /** A new entry to fill while writing a miss, or null when nothing is to be stored. */
    ResultCache.Pending begin() {
        return cache == null || key == null || run == null ? null : cache.begin(key);
    }

    /**
     * Publishes {@code pending} (the written archives already copied in) with this result, unless an
     * input or thin member is no longer the file hashed for the key.
     */
    void publish(ResultCache.Pending pending) {
        try {
            List<Fingerprint> deps = new ArrayList<>();
            for (LoadedInput in : run.inputs()) {
                if (in.isArchive() && in.archive().isThin()) {
                    for (ArchiveMember m : in.archive().members()) {
                        if (m.isExternal()) {
                            deps.add(cache.fingerprints().of(m.external()));
                        }
                    }
                }
            }
            List<Fingerprint> all = new ArrayList<>(inputPrints);
            all.addAll(deps);
            for (Fingerprint f : all) {
                if (!cache.fingerprints().unchanged(f)) {
                    notes.add("not stored in the cache: " + f.path() + " changed during the run");
                    pending.discard();
                    return;
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(prepared.toBytes());
            out.writeInt(deps.size());
            for (Fingerprint d : deps) {
                Prepared.writeString(out, d.real().toString());
                Prepared.writeString(out, d.content());
            }
            out.flush();
            if (pending.publish(bytes.toByteArray())) {
                notes.add("stored in the cache (key " + key + ")");
            }
        } catch (IOException | RuntimeException e) {
            notes.add("not stored in the cache: " + e.getMessage());
            pending.discard();
        }
    }

    /** The key: a SHA-256 over everything that decides the result (see the class comment). */
    private String computeKey() throws IOException {
        Fingerprints fp = cache.fingerprints();
        StringBuilder sb = new StringBuilder(KEY_FORMAT).append('\n');
        sb.append("tool ").append(settings.toolVersion()).append(' ').append(toolIdentity(fp)).append('\n');
        sb.append("model ").append(model == null ? "auto" : model.name()).append('\n');
        sb.append("dead-strip ").append(deadStrip).append(" verify ").append(verify).append(" every-model ").append(everyModel).append('\n');
        sb.append("provider ").append(options.provider()).append('\n');
        for (String c : options.crates()) {
            sb.append("crate ").append(c.length()).append(':').append(c).append('\n');
        }
        sb.append("shared-deps ").append(options.sharedDeps()).append(" rewrite ").append(options.rewrite().name()).append('\n');
        for (String l : options.localize()) {
            sb.append("localize ").append(l.length()).append(':').append(l).append('\n');
        }
        LinkOrder order = options.order();
        for (LinkOrder.InputRange g : order.groups()) {
            sb.append("group ").append(g.first()).append('-').append(g.last()).append('\n');
        }
        // hashed on both cores when no record holds (a first run, or inputs just rebuilt)
        Fingerprint[] got = new Fingerprint[order.size()];
        Parallel.forEach(order.size(), i -> got[i] = fp.of(order.get(i).path()));
        List<Fingerprint> prints = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            LinkInput in = order.get(i);
            Fingerprint f = got[i];
            prints.add(f);
            String given = ByteStrings.of(in.path());
            String real = f.real().toString();
            sb.append("input ").append(in.kind()).append(in.forced() ? " forced" : "").append(" group ").append(in.group())
                    .append(' ').append(given.length()).append(':').append(given)
                    .append(' ').append(real.length()).append(':').append(real)
                    .append(' ').append(f.content()).append('\n');
        }
        inputPrints = prints;
        return Digests.of(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The jar's content hash (fingerprinted, so hashed once), or a digest of a class directory; empty when unknown. */
    private String toolIdentity(Fingerprints fp) throws IOException {
        Path code = settings.toolCode();
        if (code == null) {
            return "";
        }
        if (Files.isRegularFile(code)) {
            return "jar " + fp.of(code).content();
        }
        return Files.isDirectory(code) ? "classes " + Fingerprints.tree(code) : "";
    }
}

package org.linkdedup.objfile;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares one {@code String} per distinct symbol name across every member of a run: a perry-sized
 * link names the same runtime symbols in dozens of members. Thread-safe.
 */
public final class NameInterner {
    private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>(1 << 16);

    public String intern(String name) {
        String prior = names.putIfAbsent(name, name);
        return prior == null ? name : prior;
    }

    public int size() {
        return names.size();
    }
}

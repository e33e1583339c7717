package org.linkdedup.objfile;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares one {@code String} per distinct symbol name across every member of a run: a perry-sized
 * link names the same runtime symbols in dozens of members. Thread-safe.
 */
public class NameInterner {
    private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>(1 << 16);

    public String intern(String name) {
        String prior = names.putIfAbsent(name, name);
        return prior == null ? name : prior;
    }

    /** An interner that shares nothing: for one-pass listings that hold each name only briefly. */
    public static NameInterner none() {
        return new NameInterner() {
            @Override
            public String intern(String name) {
                return name;
            }
        };
    }
}

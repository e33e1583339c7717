package org.linkdedup.plan;

/** What the plan may rewrite in the members that stay ({@code --rewrite}). */
public enum RewriteMode {
    /** Nothing: duplicates that dropping leaves stay as they are. */
    NONE,
    /** Weaken same-build duplicates of the copy that stays (the default). */
    WEAKEN;

    /** The name {@code --rewrite} takes. */
    public String cliName() {
        return name().toLowerCase();
    }
}

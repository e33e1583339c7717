package org.linkdedup.archive;

/** Which symbol index an archive carries. */
public enum IndexKind {
    NONE("none"),
    GNU("/"),
    GNU64("/SYM64/"),
    BSD("__.SYMDEF"),
    BSD64("__.SYMDEF_64"),
    COFF("linker members");

    private final String memberName;

    IndexKind(String memberName) {
        this.memberName = memberName;
    }

    /** The index member's name as it appears in the archive. */
    public String memberName() {
        return memberName;
    }
}

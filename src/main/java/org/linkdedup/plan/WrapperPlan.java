package org.linkdedup.plan;

import java.util.List;

/** The decisions on one wrapper archive (an archive before the provider in the link order). */
public record WrapperPlan(int input, String fileName, List<Decision> decisions) {

    public WrapperPlan {
        decisions = List.copyOf(decisions);
    }

    public long droppedCount() {
        return decisions.stream().filter(Decision::drop).count();
    }

    public boolean changes() {
        return droppedCount() > 0;
    }
}

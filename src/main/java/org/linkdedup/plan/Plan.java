package org.linkdedup.plan;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.linkdedup.link.MemberId;

/** A dedup plan: what to drop from which wrapper, with reasons. A value the writer and the report consume. */
public record Plan(PlanOptions options, List<WrapperPlan> wrappers) {

    public Plan {
        wrappers = List.copyOf(wrappers);
    }

    public Set<MemberId> dropped() {
        Set<MemberId> out = new HashSet<>();
        for (WrapperPlan w : wrappers) {
            for (Decision d : w.decisions()) {
                if (d.drop()) {
                    out.add(d.member());
                }
            }
        }
        return out;
    }

    public long droppedCount() {
        return wrappers.stream().mapToLong(WrapperPlan::droppedCount).sum();
    }

    public long changedArchives() {
        return wrappers.stream().filter(WrapperPlan::changes).count();
    }
}

package io.edgefusion.platform.contract;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A binary structure exchanged with a device, pinned by the contract: field order, offsets, sizes, total size
 * and byte order. Code expresses the same structure as a {@link MemoryLayout}; {@link #differences} says how the
 * two disagree, so the build-time verifier and the run-time check give the same answer.
 */
public record PinnedLayout(String name, long size, ByteOrder order, List<Field> fields) {

    public record Field(String name, long offset, long size) {
        @Override
        public String toString() {
            return name + "@" + offset + "+" + size;
        }
    }

    /** The named fields of a struct layout, with their offsets; padding only moves the offset. */
    public static List<Field> fieldsOf(MemoryLayout layout) {
        List<Field> out = new ArrayList<>();
        if (layout instanceof GroupLayout g) {
            long offset = 0;
            for (MemoryLayout m : g.memberLayouts()) {
                if (!(m instanceof PaddingLayout)) {
                    out.add(new Field(m.name().orElse("?"), offset, m.byteSize()));
                }
                offset += m.byteSize();
            }
        }
        return out;
    }

    /** How {@code actual} differs from this pin, one sentence each; empty when it matches. */
    public List<String> differences(MemoryLayout actual) {
        List<String> diffs = new ArrayList<>();
        if (!(actual instanceof GroupLayout)) {
            diffs.add("is not a struct layout");
            return diffs;
        }
        if (actual.byteSize() != size) {
            diffs.add("total size is " + actual.byteSize() + " bytes, the contract pins " + size);
        }
        List<Field> have = fieldsOf(actual);
        List<String> haveNames = have.stream().map(Field::name).toList();
        List<String> wantNames = fields.stream().map(Field::name).toList();
        if (!haveNames.equals(wantNames)) {
            // Once the order differs every later offset differs too; the order is the one thing worth saying.
            diffs.add("fields are " + String.join(",", haveNames) + "; the contract pins "
                    + String.join(",", wantNames));
            return diffs;
        }
        for (Field want : fields) {
            have.stream().filter(h -> h.name().equals(want.name())).findFirst().ifPresent(h -> {
                if (h.offset() != want.offset()) {
                    diffs.add("field " + want.name() + " is at offset " + h.offset() + ", pinned at " + want.offset());
                }
                if (h.size() != want.size()) {
                    diffs.add("field " + want.name() + " is " + h.size() + " bytes, pinned at " + want.size());
                }
            });
        }
        for (MemoryLayout m : ((GroupLayout) actual).memberLayouts()) {
            MemoryLayout element = m instanceof SequenceLayout s ? s.elementLayout() : m;
            if (element instanceof ValueLayout v && v.byteSize() > 1 && !v.order().equals(order)) {
                diffs.add("field " + m.name().orElse("?") + " is " + orderName(v.order()) + ", the contract pins "
                        + orderName(order));
            }
        }
        return diffs;
    }

    public static String orderName(ByteOrder o) {
        return o.equals(ByteOrder.LITTLE_ENDIAN) ? "little-endian" : "big-endian";
    }
}

package io.mongo2pg.sink.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The documents a backfill has loaded, as 64-bit hashes of their {@code _id} (about 11 bytes per document). A hash
 * collision makes a new document look loaded, which only ends the backfill early: the safe direction. Thread-safe.
 */
final class BackfillKeys {
    private long[] slots = new long[1 << 12];
    private int size;
    private boolean hasZero;

    synchronized boolean contains(String id) {
        long h = hash(id);
        if (h == 0) {
            return hasZero;
        }
        int mask = slots.length - 1;
        for (int i = spread(h) & mask; slots[i] != 0; i = (i + 1) & mask) {
            if (slots[i] == h) {
                return true;
            }
        }
        return false;
    }

    synchronized void addAll(Collection<String> ids) {
        ids.forEach(this::add);
    }

    synchronized int size() {
        return size + (hasZero ? 1 : 0);
    }

    private void add(String id) {
        long h = hash(id);
        if (h == 0) {
            hasZero = true;
            return;
        }
        if ((size + 1) * 4L > slots.length * 3L) {
            grow();
        }
        insert(slots, h);
    }

    private boolean insert(long[] table, long h) {
        int mask = table.length - 1;
        int i = spread(h) & mask;
        while (table[i] != 0) {
            if (table[i] == h) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = h;
        if (table == slots) {
            size++;
        }
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long h : old) {
            if (h != 0) {
                int mask = slots.length - 1;
                int i = spread(h) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = h;
            }
        }
    }

    private static int spread(long h) {
        return (int) (h ^ (h >>> 32));
    }

    /** FNV-1a over the UTF-8 bytes, finished with the SplitMix64 mixer so that similar ids spread well. */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}

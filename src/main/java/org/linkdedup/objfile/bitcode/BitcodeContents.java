package org.linkdedup.objfile.bitcode;

import static org.linkdedup.objfile.bitcode.BitCodes.*;

import java.nio.ByteOrder;
import org.linkdedup.io.ByteView;
import org.linkdedup.objfile.bitcode.BitstreamCursor.Block;
import org.linkdedup.objfile.bitcode.BitstreamCursor.Entry;

/**
 * What the top level of a bitcode stream holds, found the way LLVM's {@code getBitcodeFileContents}
 * finds it: the producer of the first {@code IDENTIFICATION_BLOCK}, the number of
 * {@code MODULE_BLOCK}s (skipped by their declared length, never parsed), the first symbol table
 * blob and the string table blob that follows it. {@code BLOCKINFO} blocks are honoured; every
 * other block is skipped.
 *
 * @param producer    the identification string (e.g. "LLVM19.1.7"), or null
 * @param moduleCount the number of top-level module blocks
 * @param symtab      the first non-empty {@code SYMTAB_BLOB}, or null
 * @param strtab      the first non-empty {@code STRTAB_BLOB} after it, or null
 */
public record BitcodeContents(String producer, int moduleCount, ByteView symtab, ByteView strtab) {

    /** Scans {@code bytes}, which start with the {@code BC 0xC0DE} magic; blobs are little-endian views. */
    public static BitcodeContents scan(ByteView bytes) {
        ByteView stream = bytes.order(ByteOrder.LITTLE_ENDIAN);
        if (stream.size() < 4 || stream.u32(0) != BITCODE_MAGIC) {
            throw stream.error(0, "bitcode stream does not start with 'BC' 0xC0DE");
        }
        BitstreamCursor cursor = new BitstreamCursor(stream, 4);
        String producer = null;
        int modules = 0;
        ByteView symtab = null;
        ByteView strtab = null;
        while (!cursor.atTopLevelEnd()) {  // every entry consumes bits of the finite stream
            Entry e = cursor.advance();
            if (e.kind() == BitstreamCursor.Kind.RECORD) {
                cursor.readRecord(e, code -> false);
                continue;
            }
            Block b = e.block();  // END_BLOCK at the top level is an error in advance()
            if (b.id() == IDENTIFICATION_BLOCK_ID) {
                String p = readProducer(cursor, b, stream);
                producer = producer == null ? p : producer;
            } else if (b.id() == MODULE_BLOCK_ID) {
                modules++;
                cursor.skip(b);
            } else if (b.id() == SYMTAB_BLOCK_ID) {
                ByteView blob = readBlob(cursor, b, SYMTAB_BLOB);
                symtab = symtab == null ? blob : symtab;
            } else if (b.id() == STRTAB_BLOCK_ID) {
                ByteView blob = readBlob(cursor, b, STRTAB_BLOB);
                // A string table serves the symbol table before it (llvm-cat -b writes several).
                strtab = symtab != null && strtab == null ? blob : strtab;
            } else if (b.id() == BLOCKINFO_BLOCK_ID) {
                cursor.readBlockInfo(b);
            } else {
                cursor.skip(b);
            }
        }
        return new BitcodeContents(producer, modules, symtab, strtab);
    }

    /** The blob of the last {@code code} record in block {@code b}, or null when there is none or it is empty. */
    private static ByteView readBlob(BitstreamCursor cursor, Block b, int code) {
        ByteView blob = null;
        cursor.enter(b);
        for (Entry e = cursor.advance(); e.kind() != BitstreamCursor.Kind.END_BLOCK; e = cursor.advance()) {
            if (e.kind() == BitstreamCursor.Kind.SUBBLOCK) {
                skipOrReadInfo(cursor, e.block());
                continue;
            }
            Record r = cursor.readRecord(e, c -> c == code);
            if (r.code() == code) {
                blob = r.blob() == null || r.blob().size() == 0 ? null : r.blob();
            }
        }
        return blob;
    }

    /** The string of the last {@code STRING} record in an identification block, or null. */
    private static String readProducer(BitstreamCursor cursor, Block b, ByteView stream) {
        String producer = null;
        cursor.enter(b);
        for (Entry e = cursor.advance(); e.kind() != BitstreamCursor.Kind.END_BLOCK; e = cursor.advance()) {
            if (e.kind() == BitstreamCursor.Kind.SUBBLOCK) {
                skipOrReadInfo(cursor, e.block());
                continue;
            }
            Record r = cursor.readRecord(e, c -> c == IDENTIFICATION_CODE_STRING);
            if (r.code() == IDENTIFICATION_CODE_STRING) {
                producer = r.text(stream);
            }
        }
        return producer;
    }

    private static void skipOrReadInfo(BitstreamCursor cursor, Block b) {
        if (b.id() == BLOCKINFO_BLOCK_ID) {
            cursor.readBlockInfo(b);
        } else {
            cursor.skip(b);
        }
    }
}

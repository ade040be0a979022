package io.mongo2pg.cli.load;

/**
 * What an import did.
 *
 * @param read documents found in the files (readable or not)
 * @param loaded documents now in PostgreSQL (a document repeated in the files counts each time it was loaded)
 * @param rejected documents not loaded: unreadable, refused by the mapping, or refused by PostgreSQL; each is
 *     reported with its file and line, and kept in {@code mongo2pg.dead_letters}
 */
record ImportSummary(long read, long loaded, long rejected) {
    ImportSummary plus(ImportSummary other) {
        return new ImportSummary(read + other.read, loaded + other.loaded, rejected + other.rejected);
    }
}

package io.mongo2pg.transformer.topology;

/** The names of one collection's nodes and store in the topology. */
record CollectionWiring(String collection, String source, String processor, String store, String rowsSink,
                        String deadLetterSink) {
    /** @param keepDocuments whether the collection has a document store; else {@link #store()} is null */
    static CollectionWiring of(String collection, boolean keepDocuments) {
        String name = TopicNames.sanitize(collection);
        return new CollectionWiring(collection, "source-" + name, "transform-" + name,
                keepDocuments ? io.mongo2pg.transformer.state.DocumentStore.name(name) : null, "rows-" + name,
                "deadletters-" + name);
    }
}

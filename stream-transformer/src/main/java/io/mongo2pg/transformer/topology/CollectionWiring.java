package io.mongo2pg.transformer.topology;

/** The names of one collection's nodes and store in the topology. */
record CollectionWiring(String collection, String source, String processor, String store, String rowsSink,
                        String deadLetterSink) {
    static CollectionWiring of(String collection) {
        String name = TopicNames.sanitize(collection);
        return new CollectionWiring(collection, "source-" + name, "transform-" + name,
                io.mongo2pg.transformer.state.DocumentStore.name(name), "rows-" + name, "deadletters-" + name);
    }
}

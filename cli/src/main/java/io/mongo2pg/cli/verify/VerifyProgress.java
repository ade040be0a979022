package io.mongo2pg.cli.verify;

/** Told how far verify is; the command draws a progress bar, tests and cutover check draw nothing. */
public interface VerifyProgress {
    VerifyProgress NONE = new VerifyProgress() {
        @Override
        public void start(String task, long total) {
        }

        @Override
        public void step(long done) {
        }

        @Override
        public void end() {
        }
    };

    void start(String task, long total);

    void step(long done);

    void end();
}

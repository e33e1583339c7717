/* The embedder's program: spawn background work through perry_stdlib, touch the
 * perry_ext_http wrapper, then run the event loop through js_wait_for_event.
 * Prints PASS (exit 0) only when js_wait_for_event drove the spawned task. */
#include <stdio.h>

extern void perry_fetch_spawn(void (*callback)(int));
extern int perry_http_status_codes(void);
extern int js_wait_for_event(void);

static int done = 0;
static int status = 0;

static void on_fetch(int st) {
    done = 1;
    status = st;
}

int main(void) {
    printf("http keys: %d\n", perry_http_status_codes());
    perry_fetch_spawn(on_fetch);
    for (int tick = 1; tick <= 5 && !done; tick++) {
        js_wait_for_event();
        printf("tick %d done=%d\n", tick, done);
    }
    if (done) {
        printf("FETCH DONE %d\nPASS\n", status);
        return 0;
    }
    printf("FAIL: fetch starved\n");
    return 1;
}

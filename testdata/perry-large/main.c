/* The embedder's program at real scale: touch each of the six wrappers, spawn a fetch through
 * perry_stdlib (a hyper exchange on the runtime's tokio), then run the event loop through
 * js_wait_for_event. Prints PASS (exit 0) only when the spawned fetch completed from inside
 * js_wait_for_event; FAIL (exit 1) otherwise.
 *
 * A second, informational probe (it does not change PASS/FAIL): perry_ext_timers spawns a timer
 * task through the runtime's Rust API; the line "timer probe: split" says that the task was
 * counted by another runtime copy than the one main's js_runtime_spawned binds to. */
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

extern void perry_fetch_spawn(void (*callback)(int));
extern int js_wait_for_event(void);
extern int perry_http_status_codes(void);
extern int perry_http_valid_header(const char *name, const char *value);
extern int perry_fs_exists(const char *path);
extern int perry_json_stringify_len(const char *text);
extern int perry_regex_is_match(const char *pattern, const char *text);
extern uint64_t perry_timers_sleep(uint32_t ms);
extern size_t perry_events_emit(size_t n);
extern void perry_timers_set_timeout(uint32_t ms);
extern size_t js_runtime_spawned(void);

static volatile int in_wait = 0;
static volatile int done = 0;
static volatile int done_in_wait = 0;
static volatile int status = 0;

static void on_fetch(int st) {
    done = 1;
    done_in_wait = in_wait;
    status = st;
}

int main(void) {
    printf("http status codes: %d\n", perry_http_status_codes());
    printf("http header ok: %d\n", perry_http_valid_header("content-type", "application/json"));
    printf("fs exists /: %d\n", perry_fs_exists("/"));
    printf("json len: %d\n", perry_json_stringify_len("{ \"a\": [1, 2, 3], \"b\": null }"));
    printf("regex: %d\n", perry_regex_is_match("^perry_[a-z]+$", "perry_stdlib"));
    printf("timers slept: %s\n", perry_timers_sleep(1) >= 1 ? "yes" : "no");
    printf("events emitted: %zu\n", perry_events_emit(3));
    perry_fetch_spawn(on_fetch);
    int tick;
    for (tick = 1; tick <= 100 && !done; tick++) {
        in_wait = 1;
        js_wait_for_event();
        in_wait = 0;
    }
    size_t spawned = js_runtime_spawned();
    perry_timers_set_timeout(1);
    printf("timer probe: %s\n", js_runtime_spawned() == spawned + 1 ? "same copy" : "split");
    if (done && done_in_wait && status == 200) {
        printf("fetch done after %d tick(s), status %d\nPASS\n", tick - 1, status);
        return 0;
    }
    printf("FAIL: fetch starved (done=%d in_wait=%d status=%d after %d ticks)\n", done, done_in_wait, status, tick - 1);
    return 1;
}

/* The thin client's shared pieces: frame building and sending (wire format: CLIENT.md). */
#ifndef EDGEFUSION_CLIENT_H
#define EDGEFUSION_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#define EXIT_INTERNAL 125
/* Node → client frame types have the high bit set: a refusal line's first byte ('e') is none of them. */
enum { F_HELLO = 1, F_SIGNAL = 2, F_WINCH = 3, F_SPAWNED = 4, F_REAPED = 5, F_EXIT = 0x81, F_SPAWN = 0x82 };

struct buf {
    unsigned char *data;
    size_t len, cap;
};

void die(const char *what);
void put(struct buf *b, const void *p, size_t n);
void put_u32(struct buf *b, uint32_t v);
uint32_t get_u32(const unsigned char *p);
size_t begin_frame(struct buf *b, unsigned char type);
void end_frame(struct buf *b, size_t start);
/* Sends everything, fds (nfds of them, may be 0) with the first byte; false when the node went away meanwhile. */
int send_all(int sock, const unsigned char *p, size_t n, const int *fds, int nfds);

/* spawn.c. Signals whose dispositions the client changes: a spawned child gets them back at their defaults. */
extern const int client_signals[];
extern const size_t client_signal_count;
/* Starts a SPAWN frame's program and answers SPAWNED; false when the answer could not be sent. */
int spawn(int sock, const unsigned char *payload, uint32_t len);
/* Reaps every child that ended; answers REAPED for each while send_ok. Returns the new send_ok. */
int reap(int sock, int send_ok);

#endif

/* The stand-in vendor SDKs' shared state: the card on the "reader" and the fault switched on, kept as files in
 * the directory named by CARDDESK_SDK_STANDIN (written by devices/emulators/sdk_standin.py), read afresh on
 * every call so a test lays, lifts and breaks things while the library is loaded.
 *
 *   text.bin    the card's 256-byte UCS-2LE text block (present: a card lies on the reader)
 *   photo.wlt   its 1,024-byte WLT photo
 *   fields.gbk  the decoded fields, one per line, GBK (what termb's getters give)
 *   fault       one word: unplugged, busy, sam, lift_mid_read, two_cards, sticky (no "find" after a read
 *               until lifted)
 *   log         every call, one line each (what the backend really called, for the tests)
 */
#ifndef CARDDESK_STANDIN_H
#define CARDDESK_STANDIN_H
#include <stddef.h>

int standin_read(const char *name, unsigned char *buf, size_t size);
int standin_fault(const char *word);
void standin_log(const char *call, int port, int result);
void standin_touch(const char *name);
int standin_exists(const char *name);
void standin_remove(const char *name);
/* A picture from a WLT block: what the vendors' licensed decoders do, done as a deterministic stand-in. */
int standin_decode(const unsigned char *wlt, unsigned char *bmp);
#define STANDIN_BMP_SIZE (54 + 308 * 126) /* 102 x 126, 24-bit, rows padded to 308 bytes: 38,862 */
#endif

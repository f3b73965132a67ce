#include "standin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void path_of(const char *name, char *out, size_t size) {
    const char *dir = getenv("CARDDESK_SDK_STANDIN");
    snprintf(out, size, "%s/%s", dir ? dir : ".", name);
}

int standin_read(const char *name, unsigned char *buf, size_t size) {
    char path[4096];
    path_of(name, path, sizeof path);
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t got = fread(buf, 1, size, f);
    fclose(f);
    return (int)got;
}

int standin_exists(const char *name) {
    char path[4096];
    path_of(name, path, sizeof path);
    return access(path, F_OK) == 0;
}

void standin_touch(const char *name) {
    char path[4096];
    path_of(name, path, sizeof path);
    FILE *f = fopen(path, "wb");
    if (f) fclose(f);
}

void standin_remove(const char *name) {
    char path[4096];
    path_of(name, path, sizeof path);
    unlink(path);
}

int standin_fault(const char *word) {
    char fault[64] = {0};
    int got = standin_read("fault", (unsigned char *)fault, sizeof fault - 1);
    if (got <= 0) return 0;
    fault[strcspn(fault, "\r\n ")] = 0;
    return strcmp(fault, word) == 0;
}

void standin_log(const char *call, int port, int result) {
    char path[4096];
    path_of("log", path, sizeof path);
    FILE *f = fopen(path, "a");
    if (!f) return;
    fprintf(f, "%s %d %d\n", call, port, result);
    fclose(f);
}

int standin_decode(const unsigned char *wlt, unsigned char *bmp) {
    /* A 102 x 126 24-bit BMP, bottom-up, each pixel drawn from the WLT bytes: the same card gives the same
     * picture through every backend, as the vendor's decoder would. */
    const int width = 102, height = 126, row = (width * 3 + 3) / 4 * 4;  /* rows padded to 4 bytes */
    const int image = row * height, total = 54 + image;
    memset(bmp, 0, 54);
    bmp[0] = 'B'; bmp[1] = 'M';
    bmp[2] = total & 0xff; bmp[3] = (total >> 8) & 0xff; bmp[4] = (total >> 16) & 0xff;
    bmp[10] = 54; bmp[14] = 40;
    bmp[18] = width; bmp[22] = height;
    bmp[26] = 1; bmp[28] = 24;
    bmp[34] = image & 0xff; bmp[35] = (image >> 8) & 0xff; bmp[36] = (image >> 16) & 0xff;
    for (int i = 0; i < image; i++) bmp[54 + i] = wlt[i % 1024] ^ (unsigned char)(i / row);
    return 1;
}

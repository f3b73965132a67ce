/* A stand-in for the vendors' WLT photo decoder as Linux SDKs export it: unpack(src, dst, bmpSave) gives the
 * 102 x 126 BMP of the card's 1,024-byte WLT photo and returns 1 (the licensed decoder checks its licence first). */
#include "standin.h"

int unpack(const unsigned char *src, unsigned char *dst, int bmp_save) {
    (void)bmp_save;
    int rc = standin_decode(src, dst);
    standin_log("unpack", 0, rc);
    return rc;
}

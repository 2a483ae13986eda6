#ifndef FC_PNG_WRITER_H
#define FC_PNG_WRITER_H

#include <stddef.h>
#include <stdint.h>

/// Filter choices exposed to Swift (a subset of libpng's PNG_FILTER_* flags).
typedef enum {
    FC_PNG_FILTER_NONE = 0,
    FC_PNG_FILTER_SUB = 1,
    FC_PNG_FILTER_UP = 2,
    FC_PNG_FILTER_PAETH = 3,
    FC_PNG_FILTER_ADAPTIVE = 4
} fc_png_filter;

/// zlib strategies exposed to Swift.
typedef enum {
    FC_PNG_STRATEGY_DEFAULT = 0,
    FC_PNG_STRATEGY_FILTERED = 1,
    FC_PNG_STRATEGY_RLE = 3
} fc_png_strategy;

typedef struct {
    uint8_t *data;      /* malloc'd; release with fc_png_buffer_free */
    size_t length;
    size_t capacity;
    char message[256];  /* libpng's message when encoding failed */
} fc_png_buffer;

/// Encodes a Cairo ARGB32 (premultiplied, native-endian) image as PNG into `out`.
/// `keep_alpha` = 0 writes RGB (opaque images), 1 writes un-premultiplied RGBA.
/// Returns 0 on success, -1 on a libpng error (message in out->message), -2 when out of memory.
int fc_png_encode_argb32(const uint8_t *pixels, int width, int height, int stride,
                         int keep_alpha, int level, fc_png_filter filter,
                         fc_png_strategy strategy, fc_png_buffer *out);

/// The same PNG (unfiltered rows) compressed by libdeflate at `level` (0–12) instead of zlib.
/// Returns 0, -1 with a message, or -2 when out of memory. Keeps one compressor per thread.
int fc_png_encode_argb32_libdeflate(const uint8_t *pixels, int width, int height, int stride,
                                    int keep_alpha, int level, fc_png_buffer *out);

/// Decodes a PNG into 8-bit RGBA rows (for tests and tools). On success *rgba is malloc'd.
int fc_png_decode_rgba(const uint8_t *png, size_t length, uint8_t **rgba,
                       int *width, int *height, char *message, size_t message_size);

void fc_png_buffer_free(fc_png_buffer *buffer);
void fc_png_free(void *pointer);

#endif

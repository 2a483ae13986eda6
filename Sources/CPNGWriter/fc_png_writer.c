// libpng reports errors by longjmp, which must never cross Swift frames: every libpng call
// happens here, behind setjmp, and the Swift side sees plain return codes.
#include "fc_png_writer.h"

#include <libdeflate.h>
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct {
    jmp_buf jump;
    char *message;
    size_t message_size;
} fc_error_context;

static void fc_png_error(png_structp png, png_const_charp text) {
    fc_error_context *context = (fc_error_context *)png_get_error_ptr(png);
    if (context->message && context->message_size > 0) {
        strncpy(context->message, text, context->message_size - 1);
        context->message[context->message_size - 1] = 0;
    }
    longjmp(context->jump, 1);
}

static void fc_png_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

static void fc_png_write(png_structp png, png_bytep data, png_size_t length) {
    fc_png_buffer *out = (fc_png_buffer *)png_get_io_ptr(png);
    if (out->length + length > out->capacity) {
        size_t capacity = out->capacity ? out->capacity : 65536;
        while (capacity < out->length + length) capacity *= 2;
        uint8_t *grown = realloc(out->data, capacity);
        if (!grown) png_error(png, "out of memory");
        out->data = grown;
        out->capacity = capacity;
    }
    memcpy(out->data + out->length, data, length);
    out->length += length;
}

static void fc_png_flush(png_structp png) { (void)png; }

static int fc_filter_flags(fc_png_filter filter) {
    switch (filter) {
    case FC_PNG_FILTER_SUB: return PNG_FILTER_SUB;
    case FC_PNG_FILTER_UP: return PNG_FILTER_UP;
    case FC_PNG_FILTER_PAETH: return PNG_FILTER_PAETH;
    case FC_PNG_FILTER_ADAPTIVE: return PNG_ALL_FILTERS;
    default: return PNG_FILTER_NONE;
    }
}

/* Converts one Cairo row (premultiplied 0xAARRGGBB words) to RGB or straight RGBA bytes. */
static void fc_convert_row(const uint8_t *source, uint8_t *row, int width, int keep_alpha) {
    const uint32_t *pixels = (const uint32_t *)source;
    if (!keep_alpha) {
        for (int x = 0; x < width; x++) {
            uint32_t p = pixels[x];
            row[3 * x + 0] = (uint8_t)(p >> 16);
            row[3 * x + 1] = (uint8_t)(p >> 8);
            row[3 * x + 2] = (uint8_t)p;
        }
        return;
    }
    for (int x = 0; x < width; x++) {
        uint32_t p = pixels[x];
        uint32_t a = p >> 24;
        uint8_t *o = row + 4 * x;
        if (a == 0) {
            o[0] = o[1] = o[2] = o[3] = 0;
        } else if (a == 255) {
            o[0] = (uint8_t)(p >> 16); o[1] = (uint8_t)(p >> 8); o[2] = (uint8_t)p; o[3] = 255;
        } else {
            o[0] = (uint8_t)((((p >> 16) & 0xff) * 255 + a / 2) / a);
            o[1] = (uint8_t)((((p >> 8) & 0xff) * 255 + a / 2) / a);
            o[2] = (uint8_t)(((p & 0xff) * 255 + a / 2) / a);
            o[3] = (uint8_t)a;
        }
    }
}

int fc_png_encode_argb32(const uint8_t *pixels, int width, int height, int stride,
                         int keep_alpha, int level, fc_png_filter filter,
                         fc_png_strategy strategy, fc_png_buffer *out) {
    fc_error_context context;
    context.message = out->message;
    context.message_size = sizeof(out->message);
    out->message[0] = 0;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &context, fc_png_error, fc_png_warning);
    if (!png) return -2;
    png_infop info = png_create_info_struct(png);
    uint8_t *volatile row = NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return -2;
    }
    if (setjmp(context.jump)) {
        free(row);
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    row = malloc((size_t)width * 4);
    if (!row) png_error(png, "out of memory");
    png_set_write_fn(png, out, fc_png_write, fc_png_flush);
    png_set_compression_level(png, level);
    png_set_compression_strategy(png, strategy == FC_PNG_STRATEGY_RLE ? Z_RLE
                                     : strategy == FC_PNG_STRATEGY_FILTERED ? Z_FILTERED
                                                                           : Z_DEFAULT_STRATEGY);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, fc_filter_flags(filter));
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
                 keep_alpha ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < height; y++) {
        fc_convert_row(pixels + (size_t)y * (size_t)stride, row, width, keep_alpha);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    free(row);
    png_destroy_write_struct(&png, &info);
    return 0;
}

/* The PNG container around one zlib stream, written by hand: libpng's writer can only drive
   zlib. libdeflate level 3 encodes an 800×300 chart in 1.14 ms to 27.6 KB where zlib level 1
   takes 1.38 ms for 30.7 KB (BENCHMARKS.md, "PNG encoding"). Rows are unfiltered (filter byte
   0): on charts the filters cost time and did not make the file smaller. */
static void fc_put32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

/* Writes a chunk whose data already sits at `at + 8` (length and type are filled in here). */
static size_t fc_finish_chunk(uint8_t *at, const char *type, size_t length) {
    fc_put32(at, (uint32_t)length);
    memcpy(at + 4, type, 4);
    fc_put32(at + 8 + length, (uint32_t)libdeflate_crc32(0, at + 4, length + 4));
    return length + 12;
}

static _Thread_local struct libdeflate_compressor *fc_compressor;
static _Thread_local int fc_compressor_level = -1;

/* Per-thread scratch kept between frames: fresh multi-megabyte mallocs are mmapped and every
   page faults on first touch, which cost as much as converting the pixels. Scratch above
   FC_SCRATCH_KEEP (a frame larger than ~1600×1200) is released after each frame instead. */
#define FC_SCRATCH_KEEP ((size_t)6 << 20)
typedef struct {
    uint8_t *data;
    size_t capacity;
} fc_scratch;
static _Thread_local fc_scratch fc_rows, fc_stream;

static void fc_trim(fc_scratch *scratch) {
    if (scratch->capacity > FC_SCRATCH_KEEP) {
        free(scratch->data);
        scratch->data = NULL;
        scratch->capacity = 0;
    }
}

static uint8_t *fc_reserve(fc_scratch *scratch, size_t length) {
    if (scratch->capacity < length) {
        free(scratch->data);
        scratch->data = malloc(length);
        scratch->capacity = scratch->data ? length : 0;
    }
    return scratch->data;
}

int fc_png_encode_argb32_libdeflate(const uint8_t *pixels, int width, int height, int stride,
                                    int keep_alpha, int level, fc_png_buffer *out) {
    out->message[0] = 0;
    if (width <= 0 || height <= 0) {
        strncpy(out->message, "image has no pixels", sizeof(out->message) - 1);
        return -1;
    }
    if (fc_compressor_level != level) {
        if (fc_compressor) libdeflate_free_compressor(fc_compressor);
        fc_compressor = libdeflate_alloc_compressor(level);
        fc_compressor_level = fc_compressor ? level : -1;
        if (!fc_compressor) return -2;
    }
    const size_t channels = keep_alpha ? 4 : 3;
    const size_t row_bytes = 1 + (size_t)width * channels;
    const size_t raw_length = row_bytes * (size_t)height;
    uint8_t *raw = fc_reserve(&fc_rows, raw_length);
    if (!raw) return -2;
    for (int y = 0; y < height; y++) {
        uint8_t *row = raw + (size_t)y * row_bytes;
        row[0] = 0;
        fc_convert_row(pixels + (size_t)y * (size_t)stride, row + 1, width, keep_alpha);
    }
    const size_t bound = libdeflate_zlib_compress_bound(fc_compressor, raw_length);
    uint8_t *stream = fc_reserve(&fc_stream, bound);
    if (!stream) return -2;
    const size_t compressed = libdeflate_zlib_compress(fc_compressor, raw, raw_length, stream, bound);
    fc_trim(&fc_rows);
    if (compressed == 0 || compressed > 0x7fffffff) { /* a chunk's length is at most 2^31 - 1 */
        fc_trim(&fc_stream);
        strncpy(out->message, compressed ? "the image is too large for one PNG chunk" : "libdeflate could not compress the rows",
                sizeof(out->message) - 1);
        return -1;
    }
    const size_t total = 8 + (12 + 13) + (12 + compressed) + 12;
    uint8_t *png = malloc(total);
    if (!png) {
        fc_trim(&fc_stream);
        return -2;
    }
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    memcpy(png, signature, 8);
    size_t at = 8;
    uint8_t *ihdr = png + at + 8;
    fc_put32(ihdr, (uint32_t)width);
    fc_put32(ihdr + 4, (uint32_t)height);
    ihdr[8] = 8;                        /* bit depth */
    ihdr[9] = keep_alpha ? 6 : 2;       /* RGBA or RGB */
    ihdr[10] = ihdr[11] = ihdr[12] = 0; /* deflate, adaptive filtering (method 0), no interlace */
    at += fc_finish_chunk(png + at, "IHDR", 13);
    memcpy(png + at + 8, stream, compressed);
    fc_trim(&fc_stream);
    at += fc_finish_chunk(png + at, "IDAT", compressed);
    at += fc_finish_chunk(png + at, "IEND", 0);
    free(out->data);
    out->data = png;
    out->length = at;
    out->capacity = total;
    return 0;
}

typedef struct {
    const uint8_t *data;
    size_t length;
    size_t offset;
} fc_read_state;

static void fc_png_read(png_structp png, png_bytep data, png_size_t length) {
    fc_read_state *state = (fc_read_state *)png_get_io_ptr(png);
    if (state->offset + length > state->length) png_error(png, "PNG data is truncated");
    memcpy(data, state->data + state->offset, length);
    state->offset += length;
}

int fc_png_decode_rgba(const uint8_t *bytes, size_t length, uint8_t **rgba,
                       int *width, int *height, char *message, size_t message_size) {
    fc_error_context context;
    context.message = message;
    context.message_size = message_size;
    if (message_size) message[0] = 0;
    *rgba = NULL;
    if (length < 8 || png_sig_cmp(bytes, 0, 8)) {
        if (message_size) strncpy(message, "not a PNG signature", message_size - 1);
        return -1;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, fc_png_error, fc_png_warning);
    if (!png) return -2;
    png_infop info = png_create_info_struct(png);
    uint8_t *volatile image = NULL;
    png_bytep *volatile rows = NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        return -2;
    }
    if (setjmp(context.jump)) {
        free(image);
        free(rows);
        png_destroy_read_struct(&png, &info, NULL);
        return -1;
    }
    fc_read_state state = {bytes, length, 0};
    png_set_read_fn(png, &state, fc_png_read);
    png_read_info(png, info);
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
    png_read_update_info(png, info);
    int w = (int)png_get_image_width(png, info);
    int h = (int)png_get_image_height(png, info);
    image = malloc((size_t)w * (size_t)h * 4);
    rows = malloc(sizeof(png_bytep) * (size_t)h);
    if (!image || !rows) png_error(png, "out of memory");
    for (int y = 0; y < h; y++) rows[y] = image + (size_t)y * (size_t)w * 4;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    *rgba = image;
    *width = w;
    *height = h;
    return 0;
}

void fc_png_buffer_free(fc_png_buffer *buffer) {
    free(buffer->data);
    buffer->data = NULL;
    buffer->length = buffer->capacity = 0;
}

void fc_png_free(void *pointer) { free(pointer); }

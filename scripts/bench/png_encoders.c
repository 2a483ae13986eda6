// Encodes one decoded chart 1,000 times per setting, interleaved (scripts/bench/png_encoders.sh).
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "fc_png_writer.h"
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e3+t.tv_nsec/1e6;}
int cmp(const void*a,const void*b){double x=*(double*)a,y=*(double*)b;return x<y?-1:x>y;}
int main(int argc,char**argv){
  FILE*f=fopen(argv[1],"rb"); fseek(f,0,SEEK_END); long n=ftell(f); fseek(f,0,SEEK_SET); unsigned char*buf=malloc(n); fread(buf,1,n,f);
  uint8_t*rgba; int w,h; char msg[256];
  if(fc_png_decode_rgba(buf,n,&rgba,&w,&h,msg,256)){printf("decode %s\n",msg);return 1;}
  uint32_t*argb=malloc(w*h*4); for(int i=0;i<w*h;i++){uint8_t*p=rgba+4*i; argb[i]=(uint32_t)p[3]<<24|p[0]<<16|p[1]<<8|p[2];}
  const char*names[]={"zlib1","ld0","ld2","ld3","ld4","ld6"}; int levels[] = {1, 0, 2, 3, 4, 6};
  double t[6][1000]; size_t sz[6];
  for(int it=0;it<1000;it++) for(int k=0;k<6;k++){
    fc_png_buffer out={0}; double s=now();
    if(k==0) fc_png_encode_argb32((uint8_t*)argb,w,h,w*4,0,1,FC_PNG_FILTER_NONE,FC_PNG_STRATEGY_DEFAULT,&out);
    else fc_png_encode_argb32_libdeflate((uint8_t*)argb,w,h,w*4,0,levels[k],&out);
    t[k][it]=now()-s; sz[k]=out.length; fc_png_buffer_free(&out);}
  for(int k=0;k<6;k++){qsort(t[k],1000,sizeof(double),cmp); printf("%-6s median %.3f ms p10 %.3f  %zu bytes\n",names[k],t[k][500],t[k][100],sz[k]);}
}

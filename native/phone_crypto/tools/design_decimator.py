#!/usr/bin/env python3
"""Designs the capture decimator's low-pass FIR (pc_decim.c, Phone.Audio.DecimationFilter).

96 taps at 32 kHz, windowed sinc with its -6 dB point at 4 kHz (half the 8 kHz output rate),
Kaiser window beta = 5.65 (about 60 dB stopband, Kaiser's formula A = 8 + 2.285*dw*N with a
1.2 kHz transition), quantised to Q15 with the centre taps adjusted so the taps sum to exactly
32768 (unity gain at DC). Prints the response at a few frequencies and the table.
Plain Python (no numpy/scipy): the Bessel I0 is its power series.
"""
import math
N=96; fs=32000.0; fc=4000.0  # -6 dB point at 4 kHz (half of the 8 kHz output rate)
beta=5.65
def i0(x):
    s=1.0; t=1.0; k=1
    while t>1e-12*s:
        t*= (x/2/k)**2; s+=t; k+=1
    return s
h=[]
M=N-1
for n in range(N):
    m=n-M/2.0
    sinc = 2*fc/fs if m==0 else math.sin(2*math.pi*fc/fs*m)/(math.pi*m)
    w=i0(beta*math.sqrt(1-(2*n/M-1)**2))/i0(beta)
    h.append(sinc*w)
s=sum(h); h=[x/s for x in h]
q=[int(round(x*32768)) for x in h]
# force DC sum 32768 by adjusting centre taps
d=32768-sum(q); q[N//2-1]+=d//2; q[N//2]+=d-d//2
print("sum",sum(q))
def resp(c,f,scale=32768.0):
    re=sum(c[n]*math.cos(2*math.pi*f/fs*n) for n in range(N))/scale
    im=sum(c[n]*math.sin(2*math.pi*f/fs*n) for n in range(N))/scale
    return 20*math.log10(max(1e-12,math.hypot(re,im)))
for f in [0,300,1000,2000,3000,3400,3600,4000,4400,4600,5000,6000,8000,10000,12000,16000]:
    print(f, round(resp(q,f),3))
worst=max(resp(q,f) for f in range(4600,16001,25))
print("stop>=4.6k worst", worst)
pb=[resp(q,f) for f in range(0,3401,25)]
print("passband ripple", min(pb), max(pb))
open("coef.txt","w").write(",".join(map(str,q)))
print(q)

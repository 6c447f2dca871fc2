import{a,b}from"./chunk-DVB5VT6R.js";import"./chunk-OY42PYP5.js";import"./chunk-AFKATYQS.js";import"./chunk-AE2JECOI.js";import"./chunk-JOXUSMBH.js";export{a as statusPage,b as trendLine};

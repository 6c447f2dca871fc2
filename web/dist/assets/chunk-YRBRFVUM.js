import{a,b}from"./chunk-UIZ7LARQ.js";import"./chunk-OY42PYP5.js";import"./chunk-RGKM3LZJ.js";import"./chunk-AE2JECOI.js";import"./chunk-JOXUSMBH.js";export{a as statusPage,b as trendLine};

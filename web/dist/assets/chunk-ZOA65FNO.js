import{a,b}from"./chunk-OMY6CHMN.js";import"./chunk-OY42PYP5.js";import"./chunk-2WZDHAKM.js";import"./chunk-AE2JECOI.js";import"./chunk-JOXUSMBH.js";export{a as statusPage,b as trendLine};

import{a,b}from"./chunk-AZZTC5S6.js";import"./chunk-OY42PYP5.js";import"./chunk-YPTH6Z4B.js";import"./chunk-AE2JECOI.js";import"./chunk-JOXUSMBH.js";export{a as statusPage,b as trendLine};
